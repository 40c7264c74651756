// Loads data for a page, with reload and an optional polling interval (paused while the tab is
// hidden). Errors are kept as a message for the page to show.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api/client.ts';

export interface Loaded<T> {
  data?: T;
  error?: string;
  loadedAt: number;
  reload(): Promise<void>;
}

export function useLoader<T>(load: () => Promise<T>, deps: unknown[], pollMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loadedAt: number }>({ loadedAt: 0 });
  const current = useRef(load);
  current.current = load;
  const reload = useCallback(async () => {
    try {
      const data = await current.current();
      setState({ data, loadedAt: Date.now() });
    } catch (error) {
      // a 401 has already sent the session back to sign-in
      if (error instanceof ApiError && error.status === 401) return;
      setState((previous) => ({ ...previous, error: error instanceof Error ? error.message : String(error), loadedAt: Date.now() }));
    }
  }, []);
  useEffect(() => {
    setState({ loadedAt: 0 });
    void reload();
    if (!pollMs) return;
    const timer = setInterval(() => {
      if (!document.hidden) void reload();
    }, pollMs);
    return () => clearInterval(timer);
  }, deps);
  return { ...state, reload };
}
