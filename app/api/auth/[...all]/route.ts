/**
 * better-auth's endpoints (/api/auth/sign-in/email, /sign-out, /get-session,
 * /change-password, /sign-in/social + /callback/oidc for OIDC, …). Public by nature: each endpoint checks
 * its own session; sign-in is rate-limited per address.
 */
import { getAuth } from '@/lib/auth/auth';

export const dynamic = 'force-dynamic';

async function handle(request: Request): Promise<Response> {
  const auth = await getAuth();
  return auth.handler(request);
}

export { handle as GET, handle as POST };
