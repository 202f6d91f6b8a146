import { FileText, LayoutDashboard, ListChecks, type LucideIcon, Server, Settings, ShieldAlert, Waypoints } from 'lucide-react';

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  description: string;
}

/** The main navigation, in order. A page is "active" when the path is its href or below it. */
export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Overview', icon: LayoutDashboard, description: 'Fleet posture at a glance' },
  { href: '/clusters', label: 'Clusters', icon: Server, description: 'Registered clusters and scans' },
  { href: '/findings', label: 'Findings', icon: ShieldAlert, description: 'What is wrong and how to fix it' },
  { href: '/checks', label: 'Checks', icon: ListChecks, description: 'Every check, its guide section and fleet results' },
  { href: '/rbac', label: 'RBAC', icon: Waypoints, description: 'Who can do what' },
  { href: '/reports', label: 'Reports', icon: FileText, description: 'PDF, CSV, JSON and SARIF exports' },
  { href: '/settings', label: 'Settings', icon: Settings, description: 'Profile, users and audit log' },
];

export function isActive(pathname: string, href: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}
