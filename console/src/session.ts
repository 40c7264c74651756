// Where the console keeps the signed-in token: sessionStorage only (gone when the tab closes, never
// shared with other tabs, never written to localStorage, a cookie or a URL), cleared on sign-out.
const KEY = 'tessera.console.token';

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
