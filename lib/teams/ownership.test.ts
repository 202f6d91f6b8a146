import { describe, expect, it } from 'vitest';
import { compareRules, globMatches, parseLabelSelector, resolveOwner, ruleMatches, scopeValueProblem, type ScopeRule } from './ownership';

const rule = (teamName: string, kind: ScopeRule['kind'], value: string | null, clusterId: string | null = 'c1'): ScopeRule => ({ teamId: `id-${teamName}`, teamName, clusterId, kind, value });

describe('team scope values', () => {
  it('accepts each kind in its own form and explains the rest', () => {
    expect(scopeValueProblem('cluster', null)).toBeNull();
    expect(scopeValueProblem('cluster', 'x')).toMatch(/takes no value/);
    expect(scopeValueProblem('namespace', 'payments')).toBeNull();
    expect(scopeValueProblem('namespace', 'Payments!')).toMatch(/not a namespace name/);
    for (const g of ['payments-*', '*-prod', '*pay*']) expect(scopeValueProblem('namespace_glob', g)).toBeNull();
    for (const g of ['pay*ments', 'payments', '**', '*']) expect(scopeValueProblem('namespace_glob', g)).toMatch(/one \* at the start, the end or both/);
    expect(scopeValueProblem('namespace_label', 'team=payments')).toBeNull();
    expect(scopeValueProblem('namespace_label', 'team=a,env=b')).toMatch(/key=value/);
    expect(scopeValueProblem('resource_label', 'app=checkout,tier=web')).toBeNull();
    expect(scopeValueProblem('resource_label', 'app')).toMatch(/label selector/);
    expect(parseLabelSelector('app.kubernetes.io/name=web, tier=')).toEqual({ 'app.kubernetes.io/name': 'web', tier: '' });
    expect(parseLabelSelector('a=1,a=2')).toBeNull();
  });

  it('matches globs at the start, the end or both', () => {
    expect(globMatches('payments-*', 'payments-eu')).toBe(true);
    expect(globMatches('payments-*', 'old-payments-eu')).toBe(false);
    expect(globMatches('*-prod', 'shop-prod')).toBe(true);
    expect(globMatches('*pay*', 'xpayx')).toBe(true);
    expect(globMatches('*pay*', 'shop')).toBe(false);
  });
});

describe('resolveOwner', () => {
  const rules = [
    rule('Platform', 'cluster', null),
    rule('Payments', 'namespace_glob', 'payments-*'),
    rule('Shop', 'namespace_label', 'team=shop'),
    rule('Checkout', 'namespace', 'payments-checkout'),
    rule('Ingress', 'resource_label', 'app=ingress'),
    rule('Everywhere', 'namespace', 'kube-system', null),
    rule('Zeta', 'namespace_glob', 'payments-*'),
  ];

  it('picks the most specific scope: resource label, namespace, namespace label, glob, whole cluster', () => {
    expect(resolveOwner({ clusterId: 'c1', namespace: 'payments-eu' }, rules)?.teamName).toBe('Payments');
    expect(resolveOwner({ clusterId: 'c1', namespace: 'payments-checkout' }, rules)?.teamName).toBe('Checkout');
    expect(resolveOwner({ clusterId: 'c1', namespace: 'web', namespaceLabels: { team: 'shop' } }, rules)?.teamName).toBe('Shop');
    expect(resolveOwner({ clusterId: 'c1', namespace: 'payments-checkout', resourceLabels: { app: 'ingress' } }, rules)?.teamName).toBe('Ingress');
    expect(resolveOwner({ clusterId: 'c1', namespace: null }, rules)?.teamName).toBe('Platform');
  });

  it('prefers a scope naming the cluster over one for every cluster, then the team name', () => {
    const both = [rule('B', 'namespace', 'kube-system', null), rule('A', 'namespace', 'kube-system', null), rule('C', 'namespace', 'kube-system', 'c1')];
    expect(resolveOwner({ clusterId: 'c1', namespace: 'kube-system' }, both)?.teamName).toBe('C');
    expect(resolveOwner({ clusterId: 'c2', namespace: 'kube-system' }, both)?.teamName).toBe('A');
    expect(resolveOwner({ clusterId: 'c2', namespace: 'kube-system' }, [...both].reverse())?.teamName).toBe('A');
  });

  it('leaves a finding no scope covers unowned', () => {
    expect(resolveOwner({ clusterId: 'c2', namespace: 'shop' }, rules)).toBeNull();
    expect(resolveOwner({ clusterId: 'c2', namespace: 'kube-system' }, rules)?.teamName).toBe('Everywhere');
    expect(ruleMatches(rule('Shop', 'namespace_label', 'team=shop'), { clusterId: 'c1', namespace: 'web', namespaceLabels: null })).toBe(false);
    expect(resolveOwner({ clusterId: 'c1', namespace: 'x' }, [])).toBeNull();
  });
});

describe('rule precedence', () => {
  it('the owner is the team of the first matching rule in compareRules order (what the SQL form relies on)', () => {
    const kinds = ['cluster', 'namespace', 'namespace_glob', 'namespace_label', 'resource_label'] as const;
    const values = { cluster: null, namespace: 'pay', namespace_glob: 'pa*', namespace_label: 'team=pay', resource_label: 'app=api' };
    const rules: ScopeRule[] = [];
    for (const [i, kind] of kinds.entries()) for (const clusterId of [null, 'c1']) for (const team of ['B', 'A']) rules.push({ teamId: `${team}-${i}`, teamName: `${team} team`, clusterId, kind, value: values[kind] });
    const target = { clusterId: 'c1', namespace: 'pay', namespaceLabels: { team: 'pay' }, resourceLabels: { app: 'api' } };
    for (let drop = 0; drop < rules.length; drop++) {
      const some = rules.filter((_, i) => i >= drop);
      const first = [...some].sort(compareRules).find((r) => ruleMatches(r, target));
      expect(resolveOwner(target, some)?.teamId).toBe(first?.teamId);
      expect(resolveOwner(target, [...some].reverse())?.teamId).toBe(first?.teamId);
    }
  });
});
