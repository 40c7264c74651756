// Sign in with a token: the instance admin's, a super-admin application user's, or any application
// user's (who then sees itself). The token is checked with GET /v1/me before it is kept.
import { useEffect, useRef, useState } from 'preact/hooks';

interface Props {
  message?: string;
  tone?: 'info' | 'error';
  onSignIn(token: string): Promise<void>;
}

export function SignIn({ message, tone, onSignIn }: Props) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);

  async function submit(event: Event) {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError('Paste a Tessera token (it starts with tsr_).');
      field.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await onSignIn(value);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
      field.current?.focus();
    }
  }

  return (
    <main id="main" class="sign-in">
      <h1>Tessera console</h1>
      <p class="lead">Application users and their API tokens: who has which token, who used it last, and from where.</p>
      {message && (
        <p class={tone === 'error' ? 'notice error' : 'notice'} role={tone === 'error' ? 'alert' : 'status'}>
          {message}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <label for="token">API token</label>
        <input
          id="token"
          ref={field}
          type="password"
          class="mono"
          autoComplete="off"
          spellcheck={false}
          value={token}
          aria-describedby={error ? 'token-help token-error' : 'token-help'}
          aria-invalid={error ? true : undefined}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
        <p id="token-help" class="help">
          The instance admin token, or a token of an application user. It stays in this browser tab only (sessionStorage) and is
          removed when you sign out or close the tab.
        </p>
        {error && (
          <p id="token-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
