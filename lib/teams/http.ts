/** Path parameters of the teams API (a malformed id is a 400 with a message). */
import { z } from 'zod';

export const pathId = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, `Not a ${what} id.`);
export const teamIdParam = pathId('team');
export const userIdParam = pathId('user');
export const scopeIdParam = pathId('scope');
export const noStore = { 'Cache-Control': 'no-store' };
