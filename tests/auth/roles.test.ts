import { describe, expect, it } from 'vitest';
import { hasRole, isRole, ROLES } from '@/lib/auth/roles';

describe('roles', () => {
  it('orders admin > analyst > viewer', () => {
    expect(ROLES).toEqual(['admin', 'analyst', 'viewer']);
    expect(hasRole('admin', 'admin')).toBe(true);
    expect(hasRole('admin', 'analyst')).toBe(true);
    expect(hasRole('admin', 'viewer')).toBe(true);
    expect(hasRole('analyst', 'admin')).toBe(false);
    expect(hasRole('analyst', 'analyst')).toBe(true);
    expect(hasRole('analyst', 'viewer')).toBe(true);
    expect(hasRole('viewer', 'analyst')).toBe(false);
    expect(hasRole('viewer', 'admin')).toBe(false);
    expect(hasRole('viewer', 'viewer')).toBe(true);
  });

  it('grants nothing to unknown or missing roles', () => {
    for (const role of ['user', 'Admin', '', 'admin,viewer', null, undefined]) {
      expect(hasRole(role, 'viewer')).toBe(false);
      expect(isRole(role)).toBe(false);
    }
  });
});
