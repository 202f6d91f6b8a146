/**
 * Kubernetes label selectors: the one implementation every layer uses (NetworkPolicy and CNI
 * policy selectors, RBAC aggregation rules, Service selectors, Gateway listeners, accepted-risk
 * exceptions, kube-sim's list filter).
 *
 * Semantics (apimachinery `LabelSelectorAsSelector`): every matchLabels pair AND every
 * matchExpression must hold. `In` needs the label present with one of the values, `NotIn` holds
 * when the label is absent or has none of them, `Exists` / `DoesNotExist` test presence only. An
 * empty selector (`{}`) matches everything. An operator the API server would reject matches
 * nothing (the two-valued functions) or is unknown (the three-valued one).
 *
 * An absent selector (undefined / null) means different things per field: everything for a
 * NetworkPolicy peer's podSelector or a Cilium/Antrea/AdminNetworkPolicy selector, nothing for a
 * Service without a selector. `selectorMatches` and `selectorMatchesTri` treat it as "everything";
 * callers where absence means nothing check for it first (as `serviceSelectorMatches` does), and
 * `isEmptySelector` is false for an absent selector so that the caller decides.
 */
import type { V1LabelSelector, V1LabelSelectorRequirement } from '@kubernetes/client-node';
import { triAnd, triOf, type Tri } from './tri';

export type Labels = Readonly<Record<string, string>>;

/** A label lookup: the value, undefined when the label is absent, null when it cannot be known. */
export type LabelLookup = (key: string) => string | undefined | null;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The lookup over a plain label map (own keys only, so `constructor` is not a label). */
export function labelLookup(labels: Labels | undefined): LabelLookup {
  const l = labels ?? {};
  return (key) => (Object.hasOwn(l, key) ? l[key] : undefined);
}

function requirementTri(e: unknown, lookup: LabelLookup): Tri {
  if (!isRec(e) || typeof e.key !== 'string') return 'unknown';
  const have = lookup(e.key);
  if (have === null) return 'unknown';
  const values = Array.isArray(e.values) ? e.values.map(String) : [];
  switch (e.operator) {
    case 'In':
      return triOf(have !== undefined && values.includes(have));
    case 'NotIn':
      return triOf(have === undefined || !values.includes(have));
    case 'Exists':
      return triOf(have !== undefined);
    case 'DoesNotExist':
      return triOf(have === undefined);
    default:
      return 'unknown';
  }
}

/**
 * A label selector evaluated three-valued over a lookup that may not know some labels (a pod's
 * namespace labels when the Namespace is not in the snapshot, CNI-specific keys). A selector that
 * is not an object, a malformed expression or an unknown operator gives 'unknown'.
 */
export function selectorMatchesTri(selector: unknown, lookup: LabelLookup): Tri {
  if (selector === undefined || selector === null) return 'yes';
  if (!isRec(selector)) return 'unknown';
  let out: Tri = 'yes';
  const matchLabels = isRec(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) {
    const have = lookup(k);
    out = triAnd(out, have === null ? 'unknown' : triOf(have === v));
  }
  for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) out = triAnd(out, requirementTri(e, lookup));
  return out;
}

/** A label selector on known labels. Absent selector: everything; malformed or unknown operator: nothing. */
export function selectorMatches(selector: V1LabelSelector | undefined | null, labels: Labels | undefined): boolean {
  return selectorMatchesTri(selector, labelLookup(labels)) === 'yes';
}

/** `{}` (no matchLabels, no matchExpressions): selects everything. False for an absent or non-object selector. */
export function isEmptySelector(selector: unknown): boolean {
  if (!isRec(selector)) return false;
  const matchLabels = isRec(selector.matchLabels) ? selector.matchLabels : {};
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return Object.keys(matchLabels).length === 0 && expressions.length === 0;
}

/**
 * A Service's selector (a plain equality map, also used by the pods it fronts): every pair must
 * match. An absent or empty map selects nothing: Kubernetes manages no endpoints for such a Service.
 */
export function serviceSelectorMatches(selector: Labels | undefined | null, labels: Labels | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return selectorMatches({ matchLabels: { ...selector } }, labels);
}

// ---------------------------------------------------------------- the string form

export class LabelSelectorSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSelectorSyntaxError';
  }
}

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

const requirement = (key: string, operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values?: string[]): V1LabelSelectorRequirement =>
  values === undefined ? { key, operator } : { key, operator, values };

/**
 * Parses the string form (`kubectl -l`, list `labelSelector=`): `a=b`, `a==b`, `a!=b`,
 * `a in (x,y)`, `a notin (x)`, `a`, `!a`, joined by commas, into the structured selector
 * (`a=b` is `In [b]`, `a!=b` is `NotIn [b]`). Empty text is the empty selector (everything).
 * Empty entries of a value list are dropped (`a in ()` matches nothing).
 * Throws LabelSelectorSyntaxError with a readable message on a malformed selector.
 */
export function parseLabelSelector(text: string): V1LabelSelector {
  const matchExpressions = splitTopLevel(text).map((part): V1LabelSelectorRequirement => {
    let m = /^!\s*([\w./-]+)$/.exec(part);
    if (m) return requirement(m[1]!, 'DoesNotExist');
    m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) {
      const values = m[3]!
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      return requirement(m[1]!, m[2] === 'in' ? 'In' : 'NotIn', values);
    }
    m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(part);
    if (m) return requirement(m[1]!, m[2] === '!=' ? 'NotIn' : 'In', [m[3]!]);
    m = /^([\w./-]+)$/.exec(part);
    if (m) return requirement(m[1]!, 'Exists');
    throw new LabelSelectorSyntaxError(`Invalid label selector "${text}": cannot read "${part}"`);
  });
  return { matchExpressions };
}
