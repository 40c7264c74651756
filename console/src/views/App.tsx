// The session: signed out (sign-in page, perhaps with the reason), checking a stored token, or signed
// in (header, navigation and the page of the current route). Any 401 from the API ends the session.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient, ApiError } from '../api/client.ts';
import { loadCapabilities, NO_CAPABILITIES, type Capabilities } from '../api/capabilities.ts';
import type { Me } from '../api/types.ts';
import { forgetToken, storedToken, storeToken } from '../session.ts';
import { rightsOf, roleName } from '../rights.ts';
import { SessionContext, useSession, type Session } from '../session-context.ts';
import { href, useRoute, type Route } from '../router.ts';
import { SignIn } from './SignIn.tsx';
import { Organizations } from './Organizations.tsx';
import { Users } from './Users.tsx';
import { Tokens } from './Tokens.tsx';
import { AuditTrail } from './AuditTrail.tsx';
import { MePage } from './MePage.tsx';

type State =
  | { status: 'signed-out'; message?: string; tone?: 'info' | 'error' }
  | { status: 'checking' }
  | { status: 'signed-in'; api: ApiClient; me: Me };

export const SESSION_ENDED =
  'Your session has ended: the token expired or was revoked. Sign in again with a valid token.';

export function App() {
  const [state, setState] = useState<State>(() => (storedToken() ? { status: 'checking' } : { status: 'signed-out' }));
  const [capabilities, setCapabilities] = useState<Capabilities>(NO_CAPABILITIES);

  useEffect(() => {
    void loadCapabilities().then(setCapabilities);
    const token = storedToken();
    if (token) void signIn(token).catch((error: Error) => end(error.message, 'error'));
  }, []);

  function end(message: string, tone: 'info' | 'error') {
    forgetToken();
    setState({ status: 'signed-out', message, tone });
  }

  /** Checks the token with GET /v1/me; keeps it (sessionStorage) only when it works. */
  async function signIn(token: string): Promise<void> {
    const api = new ApiClient(token, () => end(SESSION_ENDED, 'error'));
    try {
      const { user } = await new ApiClient(token).get<{ user: Me }>('/v1/me');
      storeToken(token);
      setState({ status: 'signed-in', api, me: user });
    } catch (error) {
      forgetToken();
      if (error instanceof ApiError && error.status === 401) {
        throw new Error('This token was not accepted: it is mistyped, expired or revoked.');
      }
      if (error instanceof ApiError && error.code === 'token_scope_insufficient') {
        throw new Error('This token’s scopes do not include user:read, which the console needs to know who you are.');
      }
      throw error;
    }
  }

  /** Signing out on purpose also leaves the page it was on: the next person starts at home. */
  function signOut(message = 'You are signed out. The token was removed from this browser tab.') {
    history.replaceState(null, '', location.pathname);
    end(message, 'info');
  }

  const session = useMemo<Session | null>(
    () =>
      state.status === 'signed-in'
        ? { api: state.api, me: state.me, rights: rightsOf(state.me), capabilities, signOut }
        : null,
    [state, capabilities],
  );

  if (state.status === 'checking') return <p class="boot" role="status">Checking your session…</p>;
  if (!session) {
    const signedOut = state as Extract<State, { status: 'signed-out' }>;
    return <SignIn message={signedOut.message} tone={signedOut.tone} onSignIn={signIn} />;
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}

function Shell() {
  const route = useRoute();
  const session = useSession();
  return (
    <>
      <a class="skip" href="#main" onClick={(event) => { event.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href({ page: 'home' })}>Tessera</a>
        <nav aria-label="Main">
          <ul>
            {session.rights.read && (
              <li><a href={href({ page: 'home' })} aria-current={route.page === 'home' ? 'page' : undefined}>Organizations</a></li>
            )}
            <li><a href={href({ page: 'me' })} aria-current={route.page === 'me' ? 'page' : undefined}>You</a></li>
          </ul>
        </nav>
        <p class="who">
          <span class="who-name">{session.me.real_name}</span> <span class="who-role">{roleName(session.me)}</span>
        </p>
        <button type="button" onClick={() => session.signOut()}>Sign out</button>
      </header>
      <main id="main" tabIndex={-1}>
        {page(route, session.rights.read)}
      </main>
    </>
  );
}

function page(route: Route, canRead: boolean) {
  switch (route.page) {
    case 'home':
      return canRead ? <Organizations /> : <MePage />;
    case 'me':
      return <MePage />;
    case 'users':
      return <Users key={route.organizationId} organizationId={route.organizationId} />;
    case 'tokens':
      return <Tokens key={`${route.organizationId}/${route.userId}`} organizationId={route.organizationId} userId={route.userId} />;
    case 'events':
      return <AuditTrail key={route.organizationId} organizationId={route.organizationId} />;
    case 'instance-events':
      return <AuditTrail key="instance" />;
  }
}
