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
import { isExceptionActive, type ExceptionActivity } from '../exceptions/active';

export { isExceptionActive };
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

/** Shell-style glob: `*` any run of characters, `?` one character; whole-string match. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

type Requirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: '=' | '!='; key: string; value: string };

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/**
 * Parses a Kubernetes label selector (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`).
 * Throws with a readable message on a malformed selector.
 */
export function parseLabelSelector(selector: string): Requirement[] {
  return splitTopLevel(selector).map((part) => {
    let m = /^!\s*([\w./-]+)$/.exec(part);
    if (m) return { op: 'notexists', key: m[1] };
    m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) return { op: m[2] as 'in' | 'notin', key: m[1], values: m[3].split(',').map((v) => v.trim()).filter(Boolean) };
    m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(part);
    if (m) return { op: m[2] === '!=' ? '!=' : '=', key: m[1], value: m[3] };
    m = /^([\w./-]+)$/.exec(part);
    if (m) return { op: 'exists', key: m[1] };
    throw new Error(`Invalid label selector "${selector}": cannot read "${part}"`);
  });
}

export function matchesLabelSelector(requirements: Requirement[], labels: Record<string, string>): boolean {
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && r.values.includes(labels[r.key]);
      case 'notin':
        return !has || !r.values.includes(labels[r.key]);
      case '=':
        return has && labels[r.key] === r.value;
      case '!=':
        return !has || labels[r.key] !== r.value;
    }
  });
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
        if (c.selector && !matchesLabelSelector(c.selector, subject.labels ?? {})) continue;
        return rule;
      }
      return undefined;
    },
  };
}
