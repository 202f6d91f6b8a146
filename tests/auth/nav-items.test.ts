import { describe, expect, it } from 'vitest';
import { navItemsFor } from '@/components/shell/nav-items';

const labels = (role: string) => navItemsFor(role).map((i) => i.label);

describe('main navigation by role', () => {
  it('offers viewers no link to Reports, a page and API that refuse them', () => {
    expect(labels('viewer')).not.toContain('Reports');
    expect(labels('viewer')).toEqual(expect.arrayContaining(['Overview', 'Findings', 'RBAC']));
  });

  it('offers Reports to analysts and admins', () => {
    expect(labels('analyst')).toContain('Reports');
    expect(labels('admin')).toContain('Reports');
  });
});

describe('main navigation of a team member', () => {
  it('links every page that limits itself to their teams, Reports for team analysts only', () => {
    const team = (role: string) => navItemsFor(role, true).map((i) => i.label);
    expect(team('analyst')).toEqual(['Overview', 'Clusters', 'Findings', 'Vulnerabilities', 'Checks', 'Compliance', 'RBAC', 'Reports', 'Settings']);
    expect(team('viewer')).not.toContain('Reports');
  });
});
