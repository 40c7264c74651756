// What every signed-in page needs: the API client (with the session's token), who the caller is,
// what it may do, what the server offers, and signing out.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './api/client.ts';
import type { Capabilities } from './api/capabilities.ts';
import type { Me } from './api/types.ts';
import type { Rights } from './rights.ts';

export interface Session {
  api: ApiClient;
  me: Me;
  rights: Rights;
  capabilities: Capabilities;
  /** Ends the session (the token leaves sessionStorage); the sign-in page shows the message. */
  signOut(message?: string): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
