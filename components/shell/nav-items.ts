import { Bug, ClipboardCheck, FileText, LayoutDashboard, ListChecks, type LucideIcon, Server, Settings, ShieldAlert, Waypoints } from 'lucide-react';
import { hasRole, type Role } from '@/lib/auth/roles';

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  description: string;
  /** The least role the page (and its API) serves; shown to everyone when absent. */
  minRole?: Role;
  /** The page limits itself to the caller's teams, so team-scoped users see it (lib/teams/scope.ts). */
  teams?: boolean;
}

/** The main navigation, in order. A page is "active" when the path is its href or below it. */
export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Overview', icon: LayoutDashboard, description: 'Fleet posture at a glance', teams: true },
  { href: '/clusters', label: 'Clusters', icon: Server, description: 'Registered clusters and scans', teams: true },
  { href: '/findings', label: 'Findings', icon: ShieldAlert, description: 'What is wrong and how to fix it', teams: true },
  { href: '/vulnerabilities', label: 'Vulnerabilities', icon: Bug, description: 'Images, their CVEs and where they run', teams: true },
  { href: '/checks', label: 'Checks', icon: ListChecks, description: 'Every check, its guide section and fleet results', teams: true },
  { href: '/compliance', label: 'Compliance', icon: ClipboardCheck, description: 'CIS, NSA/CISA and Pod Security controls, evidence packs', teams: true },
  { href: '/rbac', label: 'RBAC', icon: Waypoints, description: 'Who can do what', teams: true },
  { href: '/reports', label: 'Reports', icon: FileText, description: 'PDF, CSV, JSON and SARIF exports', minRole: 'analyst', teams: true },
  { href: '/settings', label: 'Settings', icon: Settings, description: 'Profile, users and audit log', teams: true },
];

/** The entries a user with `role` can open: no link to a page that would refuse them (team-scoped users: only team pages). */
export function navItemsFor(role: string | null | undefined, teamScoped = false): NavItem[] {
  return NAV_ITEMS.filter((item) => (!item.minRole || hasRole(role, item.minRole)) && (!teamScoped || item.teams));
}

export function isActive(pathname: string, href: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}
