import type { Check } from '../types';
import { containerResult, describeContainer, describeWorkload } from './_shared/workload';

const RESOURCES = ['memory', 'cpu'] as const;
type Resource = (typeof RESOURCES)[number];

export const check: Check = {
  id: 'resource-limits-missing',
  title: 'Container has no CPU or memory limit',
  section: 'workloads',
  severity: 'medium',
  reads: ['workloads', 'limitRanges', 'resourceQuotas'],
  guideRef: '5.2',
  description:
    'Checks that every container and init container has both a memory and a CPU limit (resources.limits). ' +
    'A LimitRange in the namespace with a default limit for type Container counts, since the LimitRanger admission plugin writes that default into every new pod; so does a Container max without a default, because the API server then defaults the default limit to the max. ' +
    'Pod-level limits (spec.resources.limits) count for every container of the pod, resource by resource, since they cap the pod as a whole. ' +
    'An unscoped ResourceQuota in the namespace that tracks limits.cpu or limits.memory also counts for that resource: quota admission rejects every pod with a container lacking the limit, so no such container can run. ' +
    'Requests are not required separately: Kubernetes sets a missing request equal to the limit. Ephemeral containers cannot have resources and are not assessed. ' +
    'System namespaces are assessed too: an unbounded component there starves the node as surely as an application does.',
  rationale:
    'Without limits one container can exhaust its node\'s memory or CPU and take down its neighbours, whether through a bug, a load spike or an attacker (denial of service, cryptomining). The guide names LimitRange and ResourceQuota among the admission controls to configure (5.2) and notes that containers otherwise suffer from noisy neighbours (5.3).',
  remediation: {
    steps: [
      'Set resources.limits.memory and resources.limits.cpu on every container, sized from observed usage (and resources.requests for scheduling).',
      'Add a LimitRange with default limits to each namespace so that containers without explicit limits still get one.',
    ],
    patch: 'spec:\n  template:\n    spec:\n      containers:\n        - name: <container>\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n            limits: {cpu: 500m, memory: 256Mi}\n',
  },
  *evaluate(ctx) {
    // Default limits per namespace from LimitRange objects (type Container).
    const defaults = new Map<string, Map<Resource, string>>();
    for (const lr of ctx.snapshot.objects.limitRanges) {
      const ns = lr.metadata?.namespace || 'default';
      for (const item of lr.spec?.limits ?? []) {
        if (item.type !== 'Container') continue;
        for (const r of RESOURCES) {
          // The API server defaults a Container item's `default` to its `max` when unset, so a
          // manifest that sets only max still gives every container that limit.
          const value = item._default?.[r] ?? (item as { default?: Record<string, string> }).default?.[r] ?? item.max?.[r];
          if (value === undefined) continue;
          const byNs = defaults.get(ns) ?? new Map<Resource, string>();
          byNs.set(r, `${lr.metadata?.name ?? ''}=${value}`);
          defaults.set(ns, byNs);
        }
      }
    }
    // Unscoped ResourceQuotas tracking limits.cpu / limits.memory: quota admission rejects any new
    // pod with a container (or init container) lacking that limit, so none runs without it.
    const quotaLimits = new Map<string, Map<Resource, string>>();
    for (const q of ctx.snapshot.objects.resourceQuotas) {
      if ((q.spec?.scopes ?? []).length > 0 || q.spec?.scopeSelector) continue;
      const ns = q.metadata?.namespace || 'default';
      for (const r of RESOURCES) {
        if (q.spec?.hard?.[`limits.${r}`] === undefined) continue;
        const byNs = quotaLimits.get(ns) ?? new Map<Resource, string>();
        byNs.set(r, q.metadata?.name ?? '');
        quotaLimits.set(ns, byNs);
      }
    }
    const limitRangesInvisible = ctx.snapshot.coverage.gaps.some((g) => g.resource === 'limitranges');
    for (const w of ctx.workloads) {
      const nsDefaults = defaults.get(w.namespace);
      const nsQuotas = quotaLimits.get(w.namespace);
      // Pod-level resources (spec.resources): a pod limit bounds all containers together.
      const podLimits = (w.podSpec as { resources?: { limits?: Record<string, unknown> } }).resources?.limits ?? {};
      for (const c of w.containers) {
        if (c.kind === 'ephemeralContainer') continue;
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const limits = c.spec.resources?.limits ?? {};
        const missing: Resource[] = [];
        const fromLimitRange: Record<string, string> = {};
        const fromPod: Record<string, unknown> = {};
        const fromQuota: Record<string, string> = {};
        for (const r of RESOURCES) {
          if (limits[r] !== undefined && limits[r] !== null) continue;
          if (podLimits[r] !== undefined && podLimits[r] !== null) {
            fromPod[r] = podLimits[r];
            continue;
          }
          const d = nsDefaults?.get(r);
          const q = nsQuotas?.get(r);
          if (d) fromLimitRange[r] = d;
          else if (q !== undefined) fromQuota[r] = q;
          else missing.push(r);
        }
        const path = c.spec.resources?.limits ? `${c.path}.resources.limits` : `${c.path}.resources`;
        const evidence = {
          limits,
          ...(Object.keys(fromLimitRange).length ? { limitRangeDefaults: fromLimitRange } : {}),
          ...(Object.keys(fromPod).length ? { podLimits: fromPod } : {}),
          ...(Object.keys(fromQuota).length ? { resourceQuotaLimits: fromQuota } : {}),
        };
        if (missing.length > 0 && limitRangesInvisible) {
          yield containerResult(w, c, 'not-applicable', `${subject} sets no ${missing.join(' or ')} limit, and LimitRanges could not be listed, so whether a namespace default supplies one cannot be told.`, {
            path,
            evidence: { ...evidence, missing },
          });
          continue;
        }
        if (missing.length === 0) {
          yield containerResult(
            w,
            c,
            'pass',
            Object.keys(fromQuota).length
              ? `${subject} sets no ${Object.keys(fromQuota).join(' or ')} limit, but ResourceQuota ${[...new Set(Object.values(fromQuota))].join(', ')} tracks limits.${Object.keys(fromQuota).join(' and limits.')}, so the API server admits no pod of it without that limit.`
              : Object.keys(fromPod).length
              ? `${subject} is bounded by the pod-level ${Object.keys(fromPod).join(' and ')} limit${Object.keys(fromPod).length > 1 ? 's' : ''} (spec.resources.limits)${Object.keys(fromLimitRange).length ? ` and a LimitRange default for ${Object.keys(fromLimitRange).join(', ')}` : ''}.`
              : Object.keys(fromLimitRange).length
                ? `${subject} gets its missing limits (${Object.keys(fromLimitRange).join(', ')}) from a LimitRange default.`
                : `${subject} has CPU and memory limits.`,
            { path, evidence },
          );
        } else {
          yield containerResult(w, c, 'fail', `${subject} has no ${missing.join(' or ')} limit, so it can use all of its node's ${missing.join(' and ')}.`, { path, evidence: { ...evidence, missing } });
        }
      }
    }
  },
};
