/**
 * better-auth's endpoints the web UI uses (/api/auth/sign-in/email, /sign-in/social,
 * /callback/oidc, /change-password, /sign-out); every other better-auth endpoint is closed
 * (lib/auth/http.ts). Public by nature: each endpoint checks its own session; sign-in is
 * rate-limited per address.
 */
import { getAuth } from '@/lib/auth/auth';
import { handleAuthRequest } from '@/lib/auth/http';

export const dynamic = 'force-dynamic';

async function handle(request: Request): Promise<Response> {
  return handleAuthRequest(await getAuth(), request);
}

export { handle as GET, handle as POST };
