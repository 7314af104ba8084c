/** Thrown when the session has ended: the page goes back to the login form. */
export class SignedOut extends Error {}

/** GETs an admin API path with the session cookie; undefined on 404 (a feature that is off). */
export async function getJson<T>(path: string): Promise<T | undefined> {
  const response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401) {
    location.assign('/');
    throw new SignedOut('signed out');
  }
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
