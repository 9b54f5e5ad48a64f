/**
 * `?next=` carries where to return after sign-in. Only same-site paths are followed (an open
 * redirect would let a link send a freshly signed-in user anywhere).
 */
export function safeNextPath(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return null;
  }
  if (next === '/login' || next.startsWith('/login?')) return null;
  return next;
}

/** `/login?next=<path+search>` for the page the user is on now. */
export function loginPathFor(location: { pathname: string; search: string }): string {
  const next = location.pathname + location.search;
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}
