/** A placeholder origin: `next` is resolved against it and must stay on it. */
const THIS_SITE = 'https://rampart.invalid';
const MAX_NEXT_LENGTH = 2048;
/**
 * Characters a browser silently drops (tab, newline) or reinterprets (backslash as slash)
 * when it parses a Location header: "/\t/evil.example" becomes "//evil.example" there.
 * A path containing any of them, any other control character or whitespace is refused.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const AMBIGUOUS = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\\]/;

/**
 * Where to send a user after sign-in: only a path on this site (no open redirects).
 * The value is checked the way a browser will read it: no ambiguous characters, a single
 * leading slash, and once resolved (dot segments removed) still on this site and not the
 * sign-in page or an API route. Returns the normalised path, or `fallback`.
 */
export function safeNextPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || next.length > MAX_NEXT_LENGTH || AMBIGUOUS.test(next)) return fallback;
  if (!next.startsWith('/') || next.startsWith('//')) return fallback;
  let url: URL;
  try {
    url = new URL(next, THIS_SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== THIS_SITE || url.pathname.startsWith('//')) return fallback;
  if (url.pathname.startsWith('/sign-in') || url.pathname.startsWith('/api/')) return fallback;
  return url.pathname + url.search + url.hash;
}
