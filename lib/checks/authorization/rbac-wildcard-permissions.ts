import { formatRole, isDistributionWildcardRule, roleResource } from '../../rbac';
import { describeRule } from '../../rbac/graph';
import { normalizeRule } from '../../rbac/roles';
import type { EffectiveRule } from '../../rbac/types';
import type { CheckContext } from '../types';
import type { Check, CheckResult } from '../types';
import { rbacCoverageGap } from './_shared/rbac';

/** Position of an own rule in the object's `rules` list as written. */
function rawRuleIndex(ctx: CheckContext, rule: EffectiveRule): number | undefined {
  const list =
    rule.origin.kind === 'Role'
      ? ctx.snapshot.objects.roles.find((r) => r.metadata?.name === rule.origin.name && (r.metadata?.namespace || 'default') === rule.origin.namespace)?.rules
      : ctx.snapshot.objects.clusterRoles.find((r) => r.metadata?.name === rule.origin.name)?.rules;
  const { index: _index, origin: _origin, ...plain } = rule;
  const wanted = JSON.stringify(plain);
  const index = (list ?? []).findIndex((raw) => JSON.stringify(normalizeRule(raw)) === wanted);
  return index === -1 ? undefined : index;
}

const isWildcardResource = (resource: string): boolean => resource === '*' || resource.startsWith('*/');

export const check: Check = {
  id: 'rbac-wildcard-permissions',
  title: 'Role grants wildcard verbs or resources',
  section: 'authorization',
  severity: 'medium',
  reads: ['rbac'],
  guideRef: '3.3',
  description:
    'Looks at the effective rules (aggregated rules included) of every Role and ClusterRole for `*` in verbs or in resources (`*` or `*/<subresource>`). ' +
    'Built-in roles are not assessed: the `system:*` bootstrap ClusterRoles, cluster-admin, admin, edit and view, and the Roles the cluster and kubeadm create in kube-system and kube-public (a Role anyone else adds there is judged); ' +
    'nor are the wildcards that GKE, k3s and RKE2 write in the ClusterRoles they create on every cluster (kubelet-api-admin, k3s-cloud-controller-manager, local-path-provisioner-role, rke2-cloud-controller-manager), as long as only their own bindings use those roles.',
  rationale:
    'A wildcard grants every verb or resource that exists today and every one added later (new subresources, custom resources), so the role\'s real power cannot be read from it and only grows. ' +
    'Guide 3.3 asks that roles state exactly the actions an entity needs.',
  remediation: {
    steps: [
      'Replace `*` with the verbs and resources the role\'s users actually call (audit logs or audit2rbac, named in guide 3.3, show which).',
      'For an aggregated role, fix the source ClusterRole named in the evidence.',
    ],
    kubectl: 'kubectl get role,clusterrole -A -o yaml | grep -n "\\"\\*\\""\nkubectl edit clusterrole <name>',
    patch: 'rules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list", "watch"]\n',
  },
  evaluate(ctx) {
    const gap = rbacCoverageGap(ctx.snapshot, 'role wildcards');
    if (gap) return gap;
    const results: CheckResult[] = [];
    const roles = ctx.rbac.roles.filter((r) => !r.isSystem).sort((a, b) => a.key.localeCompare(b.key));
    for (const role of roles) {
      const wildcards = role.rules.filter((rule) => rule.verbs.includes('*') || rule.resources.some(isWildcardResource));
      // A distribution's own role (k3s, RKE2, GKE), bound only as the distribution binds it: its own wildcards do not count.
      const offending = wildcards.filter((rule) => !isDistributionWildcardRule(ctx.rbac, role, rule));
      if (offending.length === 0 && wildcards.length > 0) continue;
      const name = formatRole(role.ref);
      if (offending.length === 0) {
        results.push({ status: 'pass', resource: roleResource(role.ref), message: `${name} names its verbs and resources explicitly.` });
        continue;
      }
      const own = offending.find((rule) => rule.origin.name === role.ref.name && rule.origin.kind === role.ref.kind);
      const everything = offending.some((rule) => rule.verbs.includes('*') && rule.resources.includes('*'));
      const result: CheckResult = {
        status: 'fail',
        resource: roleResource(role.ref),
        message: `${name} grants ${everything ? 'every verb on every resource' : 'wildcard verbs or resources'}: ${offending.map((r) => describeRule(r)).slice(0, 3).join('; ')}${offending.length > 3 ? '; …' : ''}.`,
        evidence: {
          rules: offending.map((rule) => ({
            rule: describeRule(rule),
            ...(rule.origin.name !== role.ref.name ? { aggregatedFrom: formatRole(rule.origin) } : {}),
          })),
          boundBy: role.boundBy,
        },
      };
      const index = own ? rawRuleIndex(ctx, own) : undefined;
      if (index !== undefined) result.path = `rules[${index}]`;
      if (everything) result.severity = 'high';
      results.push(result);
    }
    return results;
  },
};
