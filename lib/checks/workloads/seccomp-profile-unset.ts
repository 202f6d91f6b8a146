import type { Check } from '../types';
import type { ClusterSnapshot } from '../../k8s/snapshot';
import {
  containerResult,
  containerSecurityContextPatch,
  describeContainer,
  describeWorkload,
  isWindows,
  podSpecPatch,
  setOnContainer,
} from './_shared/workload';

const CONFINED = new Set(['RuntimeDefault', 'Localhost']);

/**
 * True when every Linux node's kubelet runs with `seccompDefault: true` (and the SeccompDefault
 * feature gate is not turned off), so a container without a profile gets RuntimeDefault. A node
 * whose kubelet configuration is not visible counts as not defaulting: the pod may land there.
 */
function kubeletsDefaultToRuntimeDefault(snapshot: ClusterSnapshot): boolean {
  if (snapshot.kubelets.length === 0) return false;
  const on = (config: Record<string, unknown>): boolean => {
    const gates = config.featureGates as Record<string, unknown> | undefined;
    if (gates && (gates.SeccompDefault === false || gates.SeccompDefault === 'false')) return false;
    return config.seccompDefault === true || config.seccompDefault === 'true';
  };
  const byNode = new Map(snapshot.kubelets.map((k) => [k.nodeName, k.config]));
  const linuxNodes = snapshot.objects.nodes
    .filter((n) => n.metadata?.labels?.['kubernetes.io/os'] !== 'windows')
    .map((n) => n.metadata?.name ?? '');
  const names = linuxNodes.length > 0 ? linuxNodes : [...byNode.keys()];
  return names.every((name) => {
    const config = byNode.get(name);
    return config !== undefined && on(config);
  });
}

export const check: Check = {
  id: 'seccomp-profile-unset',
  title: 'Container runs without a seccomp profile',
  section: 'workloads',
  severity: 'medium',
  reads: ['workloads', 'nodes'],
  guideRef: '5.4',
  description:
    'Reads the effective seccomp profile of every container: the container field, else the pod field, with the legacy seccomp.security.alpha.kubernetes.io annotations honoured when the fields are absent. ' +
    'RuntimeDefault and Localhost pass; Unconfined fails, and so does unset, because Kubernetes then runs the container Unconfined, unless the kubelet of every Linux node is visible and runs with seccompDefault: true (then unset means RuntimeDefault and passes). ' +
    'System namespaces are assessed too, since the runtime default profile suits almost every component. Privileged containers are not applicable anywhere: the runtime never applies seccomp to them, so their profile neither passes nor fails them (privileged-container reports them; in system namespaces they get no result). Windows pods are not assessed.',
  rationale:
    'Seccomp limits which system calls a container may make. Without it every kernel entry point is reachable, so a kernel bug becomes a container escape; the runtime default profile blocks the rarely needed, historically dangerous calls at no cost to normal applications (guide 5.4, "Apply profiles").',
  remediation: {
    steps: [
      'Set securityContext.seccompProfile.type: RuntimeDefault at pod level (all containers inherit it).',
      'Remove any container-level seccompProfile of type Unconfined and any legacy seccomp annotation saying unconfined.',
      'For a tailored profile use type Localhost with localhostProfile pointing at a profile installed on every node.',
    ],
    kubectl: 'kubectl -n <namespace> patch <kind> <name> --type strategic -p \'{"spec":{"template":{"spec":{"securityContext":{"seccompProfile":{"type":"RuntimeDefault"}}}}}}\'',
    patch: 'spec:\n  template:\n    spec:\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n',
  },
  *evaluate(ctx) {
    const seccompDefault = kubeletsDefaultToRuntimeDefault(ctx.snapshot);
    for (const w of ctx.workloads) {
      if (isWindows(w)) continue;
      for (const c of w.containers) {
        if (w.isSystem && c.securityContext.privileged === true) continue;
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        if (c.securityContext.privileged === true) {
          // containerd and CRI-O set no seccomp profile on a privileged container, whatever the spec asks.
          yield containerResult(w, c, 'not-applicable', `${subject} is privileged, and container runtimes apply no seccomp profile to privileged containers whatever the spec says; privileged-container reports it.`, {
            path: c.securityContextPaths.privileged ?? `${c.path}.securityContext`,
            evidence: { privileged: true, seccompProfile: c.securityContext.seccompProfile ?? null },
          });
          continue;
        }
        const profile = c.securityContext.seccompProfile;
        const path = c.securityContextPaths.seccompProfile ?? `${w.podSpecPath}.securityContext`;
        if (profile && CONFINED.has(profile.type)) {
          yield containerResult(w, c, 'pass', `${subject} runs with the ${profile.type} seccomp profile.`, { path, evidence: { seccompProfile: profile } });
          continue;
        }
        if (!profile && seccompDefault) {
          yield containerResult(w, c, 'pass', `${subject} sets no seccomp profile, and every node's kubelet runs with seccompDefault: true, so it gets RuntimeDefault.`, {
            path,
            evidence: { seccompProfile: null, kubeletSeccompDefault: true },
          });
          continue;
        }
        // A container-level value (field or annotation) overrides the pod, so the fix goes there; otherwise fix the pod once.
        const patch = setOnContainer(c, 'seccompProfile')
          ? containerSecurityContextPatch(w, c, { seccompProfile: { type: 'RuntimeDefault' } })
          : podSpecPatch(w, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } });
        yield containerResult(
          w,
          c,
          'fail',
          profile
            ? `${subject} runs with the ${profile.type} seccomp profile, so every system call is allowed.`
            : `${subject} has no seccomp profile, so Kubernetes runs it Unconfined with every system call allowed.`,
          { path, evidence: { seccompProfile: profile ?? null }, patch },
        );
      }
    }
  },
};
