/**
 * Runs before every page and API request (Next.js 16 "proxy", formerly middleware):
 *
 * - pages: a request without a session cookie is redirected to /sign-in?next=<path>.
 *   This is only a fast first gate: every page still calls requireUser(), which checks
 *   the session and the role against the database.
 * - API routes are never redirected here: each handler checks the caller itself with
 *   withAuth (401/403 JSON). The only public API routes are /api/health and
 *   better-auth's /api/auth/* (sign-in, sign-out, session).
 * - every page gets a Content-Security-Policy with a fresh nonce.
 * - every response (pages, redirects, API) gets Strict-Transport-Security when the base URL is https.
 */
import { getSessionCookie } from 'better-auth/cookies';
import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { AUTH_COOKIE_PREFIX, PATHNAME_HEADER } from '@/lib/auth/constants';
import { contentSecurityPolicy, NONCE_HEADER } from '@/lib/auth/csp';

/** Pages anyone may open. */
const PUBLIC_PAGES = new Set(['/sign-in']);

/** One year: browsers then refuse plain http to this host (sent only when the base URL is https). */
const HSTS = 'max-age=31536000; includeSubDomains';

export function proxy(request: NextRequest) {
  const https = new URL(getConfig().RAMPART_BASE_URL).protocol === 'https:';
  const response = route(request, https);
  if (https) response.headers.set('Strict-Transport-Security', HSTS);
  return response;
}

function route(request: NextRequest, https: boolean): NextResponse {
  const { pathname, search } = request.nextUrl;

  // /metrics is scraped by Prometheus with a bearer token; its handler checks the caller itself.
  if (pathname.startsWith('/api/') || pathname === '/metrics') return NextResponse.next();

  const config = getConfig();
  if (!PUBLIC_PAGES.has(pathname) && !getSessionCookie(request, { cookiePrefix: AUTH_COOKIE_PREFIX })) {
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce, {
    dev: config.NODE_ENV === 'development',
    https,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(NONCE_HEADER, nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  requestHeaders.set(PATHNAME_HEADER, pathname + search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon\\.svg|favicon\\.ico|robots\\.txt).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
