import type { Role } from './roles';

/** The signed-in user as pages, route handlers and lib/ functions see it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Set for generated first-admin passwords and admin resets. */
  mustChangePassword?: boolean;
  /** How the request was authenticated. */
  via?: 'session' | 'api-token';
}
