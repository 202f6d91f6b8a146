/**
 * Which team owns a finding: the one rule every surface uses (the findings browser's owner
 * column and team filter, the finding page, exports, access scopes). Pure: no database.
 *
 * A team scope (prisma TeamScope) matches inside one cluster, or every cluster when its
 * clusterId is null:
 *   cluster          everything in the cluster(s)
 *   namespace        one namespace by exact name            `payments`
 *   namespace_glob   namespace names, one `*` at the start, the end or both   `payments-*`, `*-prod`, `*pay*`
 *   namespace_label  namespaces carrying a label            `team=payments`
 *   resource_label   resources whose own labels all match   `app=checkout,tier=web`
 *
 * When several scopes match, the most specific wins: resource label, then exact namespace, then
 * namespace label, then glob, then whole cluster; at equal kind a scope naming the cluster beats
 * one for every cluster; then the team name decides (alphabetical), so the answer never depends on
 * the order rows were read. No match: the finding is unowned, and shown as such.
 */

export const SCOPE_KINDS = ['cluster', 'namespace', 'namespace_glob', 'namespace_label', 'resource_label'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export const SCOPE_KIND_LABELS: Record<ScopeKind, string> = {
  cluster: 'Whole cluster',
  namespace: 'Namespace',
  namespace_glob: 'Namespace glob',
  namespace_label: 'Namespace label',
  resource_label: 'Resource labels',
};

/** The filter value that selects findings no team owns. */
export const UNOWNED = 'unowned';

export interface ScopeRule {
  teamId: string;
  teamName: string;
  /** null: every cluster. */
  clusterId: string | null;
  kind: ScopeKind;
  /** null for `cluster`. */
  value: string | null;
}

/** What the resolver needs to know about a finding's resource. */
export interface OwnershipTarget {
  clusterId: string;
  /** null for cluster-scoped resources. */
  namespace: string | null;
  /** Labels of the namespace as of the latest scan (ClusterNamespace); null when unknown. */
  namespaceLabels?: Readonly<Record<string, string>> | null;
  /** The resource's own metadata.labels; null when unknown. */
  resourceLabels?: Readonly<Record<string, string>> | null;
}

export interface Owner {
  teamId: string;
  teamName: string;
}

const SPECIFICITY: Record<ScopeKind, number> = { resource_label: 4, namespace: 3, namespace_label: 2, namespace_glob: 1, cluster: 0 };

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(|[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const GLOB = /^\*?[a-z0-9-]{1,63}\*?$/;

/** `key=value[,key=value…]` as a map; null when it is not such a selector. */
export function parseLabelSelector(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  const parts = text.split(',').map((p) => p.trim());
  if (!parts.length || parts.length > 10) return null;
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!LABEL_KEY.test(key) || key.length > 317 || !LABEL_VALUE.test(value) || key in out) return null;
    out[key] = value;
  }
  return out;
}

/** The glob's fixed text and where its `*` are; null when the glob is not of a supported form. */
export function parseGlob(glob: string): { text: string; anyBefore: boolean; anyAfter: boolean } | null {
  if (!GLOB.test(glob) || !glob.includes('*')) return null;
  return { text: glob.replace(/\*/g, ''), anyBefore: glob.startsWith('*'), anyAfter: glob.endsWith('*') };
}

export function globMatches(glob: string, name: string): boolean {
  const g = parseGlob(glob);
  if (!g) return false;
  if (g.anyBefore && g.anyAfter) return name.includes(g.text);
  if (g.anyAfter) return name.startsWith(g.text);
  return name.endsWith(g.text);
}

/** Why a scope's value is not acceptable for its kind (a sentence for a 400), or null. */
export function scopeValueProblem(kind: ScopeKind, value: string | null | undefined): string | null {
  const v = value?.trim() ?? '';
  switch (kind) {
    case 'cluster':
      return v ? 'A whole-cluster scope takes no value.' : null;
    case 'namespace':
      return NAMESPACE.test(v) ? null : `"${v.slice(0, 80)}" is not a namespace name (lower-case letters, digits and "-", at most 63).`;
    case 'namespace_glob':
      return parseGlob(v) ? null : `"${v.slice(0, 80)}" is not a supported namespace glob: put one * at the start, the end or both, e.g. payments-*, *-prod or *pay*.`;
    case 'namespace_label': {
      const s = parseLabelSelector(v);
      return s && Object.keys(s).length === 1 ? null : `"${v.slice(0, 80)}" is not a namespace label: write key=value, e.g. team=payments.`;
    }
    case 'resource_label':
      return parseLabelSelector(v) ? null : `"${v.slice(0, 80)}" is not a label selector: write key=value, several separated by commas, e.g. app=checkout,tier=web.`;
  }
}

function labelsMatch(selector: string, labels: Readonly<Record<string, string>> | null | undefined): boolean {
  const wanted = parseLabelSelector(selector);
  if (!wanted || !labels) return false;
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

/** Whether one scope rule covers the target. */
export function ruleMatches(rule: ScopeRule, target: OwnershipTarget): boolean {
  if (rule.clusterId !== null && rule.clusterId !== target.clusterId) return false;
  const value = rule.value ?? '';
  switch (rule.kind) {
    case 'cluster':
      return true;
    case 'namespace':
      return target.namespace === value;
    case 'namespace_glob':
      return target.namespace !== null && globMatches(value, target.namespace);
    case 'namespace_label':
      return target.namespace !== null && labelsMatch(value, target.namespaceLabels);
    case 'resource_label':
      return labelsMatch(value, target.resourceLabels);
  }
}

/**
 * The precedence of rules: negative when `a` wins over `b` on a target both match. Rules of one
 * team may tie (the owner is the same); so a target's owner is the team of the first rule, in this
 * order, that matches it (what the SQL form, lib/teams/owner-where.ts, relies on).
 */
export function compareRules(a: ScopeRule, b: ScopeRule): number {
  const sa = SPECIFICITY[a.kind];
  const sb = SPECIFICITY[b.kind];
  if (sa !== sb) return sb - sa;
  if ((a.clusterId === null) !== (b.clusterId === null)) return a.clusterId !== null ? -1 : 1;
  return a.teamName.localeCompare(b.teamName);
}

/** The owning team of a target, or null (unowned). */
export function resolveOwner(target: OwnershipTarget, rules: readonly ScopeRule[]): Owner | null {
  let best: ScopeRule | null = null;
  for (const rule of rules) if (ruleMatches(rule, target) && (!best || compareRules(rule, best) < 0)) best = rule;
  return best ? { teamId: best.teamId, teamName: best.teamName } : null;
}

/** Whether any rule needs the resource's own labels (the caller loads them only then). */
export function needsResourceLabels(rules: readonly ScopeRule[]): boolean {
  return rules.some((r) => r.kind === 'resource_label');
}

/** A scope in words, e.g. "namespace payments-* in prod-eu". */
export function describeScope(rule: Pick<ScopeRule, 'kind' | 'value'>, clusterName: string | null): string {
  const where = clusterName ? `in ${clusterName}` : 'in every cluster';
  return rule.kind === 'cluster' ? (clusterName ? `cluster ${clusterName}` : 'every cluster') : `${SCOPE_KIND_LABELS[rule.kind].toLowerCase()} ${rule.value} ${where}`;
}
