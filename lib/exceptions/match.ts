/**
 * Accepted-risk exceptions: which results an exception covers. Pure.
 *
 * scope "finding": exactly one finding (by id).
 * scope "check": every result of `checkId` (any check when null) on resources matching all of
 * the optional narrowing fields — namespace glob, resource-name glob and a Kubernetes label
 * selector — in the exception's cluster (every cluster when null).
 * An exception applies while it is active: approved, not revoked, not expired (one rule:
 * lib/exceptions/active.ts).
 */
import { isExceptionActive, type ExceptionActivity } from './active';
import { globToRegExp } from './glob';

export { globToRegExp };
import { parseLabelSelector, selectorMatches } from '../k8s/label-selector';

export interface ExceptionRule {
  id: string;
  clusterId: string | null;
  scope: 'finding' | 'check';
  findingId: string | null;
  checkId: string | null;
  namespacePattern: string | null;
  labelSelector: string | null;
  resourceNamePattern: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  state: ExceptionActivity['state'];
}

export interface ExceptionSubject {
  clusterId: string;
  checkId: string;
  findingId?: string;
  resource: { kind: string; namespace?: string; name: string };
  labels?: Record<string, string>;
}


/** Compiles rules once; `match(subject)` returns the first active exception covering it. */
export function compileExceptions(rules: readonly ExceptionRule[], now: Date) {
  const compiled = rules
    .filter((r) => isExceptionActive(r, now))
    .map((rule) => ({
      rule,
      namespace: rule.namespacePattern ? globToRegExp(rule.namespacePattern) : null,
      name: rule.resourceNamePattern ? globToRegExp(rule.resourceNamePattern) : null,
      selector: rule.labelSelector ? parseLabelSelector(rule.labelSelector) : null,
    }));
  return {
    match(subject: ExceptionSubject): ExceptionRule | undefined {
      for (const c of compiled) {
        const { rule } = c;
        if (rule.clusterId && rule.clusterId !== subject.clusterId) continue;
        if (rule.scope === 'finding') {
          if (subject.findingId && rule.findingId === subject.findingId) return rule;
          continue;
        }
        if (rule.checkId && rule.checkId !== subject.checkId) continue;
        if (c.namespace && !c.namespace.test(subject.resource.namespace ?? '')) continue;
        if (c.name && !c.name.test(subject.resource.name)) continue;
        if (c.selector && !selectorMatches(c.selector, subject.labels)) continue;
        return rule;
      }
      return undefined;
    },
  };
}
