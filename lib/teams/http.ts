/** Path parameters of the teams API (a malformed id is a 400 with a message). */
import { idSchema } from '@/lib/api/input';

export const pathId = (what: string) => idSchema(`Not a ${what} id.`, 128);
export const teamIdParam = pathId('team');
export const userIdParam = pathId('user');
export const scopeIdParam = pathId('scope');
export const noStore = { 'Cache-Control': 'no-store' };
