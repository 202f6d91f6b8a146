/**
 * GET /api/users/me/tokens — the caller's API tokens (never the secrets).
 * POST — create one; the token is in the response once and never again.
 * Tokens are managed from a browser session only: a token cannot mint more tokens.
 */
import { z } from 'zod';
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { createApiToken, listApiTokens } from '@/lib/auth/api-tokens';
import { getAuthDb } from '@/lib/auth/auth';

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, 'Name the token after where it is used.').max(100),
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(90),
});

export const GET = withAuth('viewer', async (_req, { user }) => Response.json({ tokens: await listApiTokens(await getAuthDb(), user.id) }), { teams: true });

export const POST = withAuth('viewer', async (req, { user }) => {
  if (user.via !== 'session') throw new AppError(403, 'API tokens can only be created from a signed-in browser session.');
  const body = await parseJsonBody(req, createTokenSchema);
  const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : null;
  const { token, summary } = await createApiToken(await getAuthDb(), user, { name: body.name, expiresAt });
  return Response.json({ token, summary }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
}, { teams: true });
