/**
 * Rampart's three roles, ordered: admin > analyst > viewer.
 *   admin    manages users, clusters and settings (and can do everything below)
 *   analyst  runs scans, records exceptions, exports and reads reports
 *   viewer   reads dashboards and findings
 * Pure module: safe to import from client components.
 */
export const ROLES = ['admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  analyst: 'Analyst',
  viewer: 'Viewer',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Manages users, clusters and settings; everything an analyst can do.',
  analyst: 'Runs scans, records risk exceptions and makes reports.',
  viewer: 'Reads dashboards and findings.',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * True when `userRole` grants at least `required`. An unknown or missing role
 * (e.g. a value written by hand into the database) grants nothing.
 */
export function hasRole(userRole: string | null | undefined, required: Role): boolean {
  if (!isRole(userRole)) return false;
  return RANK[userRole] >= RANK[required];
}
