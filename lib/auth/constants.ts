/** Auth constants shared by proxy.ts (which must stay light) and the auth modules. */

/** Cookie names start with this: `rampart.session_token`. */
export const AUTH_COOKIE_PREFIX = 'rampart';

/** Request header proxy.ts sets to the requested path, so a redirect to /sign-in can come back. */
export const PATHNAME_HEADER = 'x-rampart-pathname';
