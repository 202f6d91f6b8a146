import type { Check } from '../types';
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

export const check: Check = {
  id: 'apparmor-unconfined',
  title: 'Container AppArmor profile disabled',
  section: 'workloads',
  severity: 'medium',
  reads: ['workloads'],
  guideRef: '5.4',
  description:
    'Reads the effective AppArmor profile of every container: the container field, else the legacy container.apparmor.security.beta.kubernetes.io/<container> annotation, else the pod field. ' +
    'Unconfined (or a value the runtime does not know) fails; RuntimeDefault and Localhost pass, and so does unset, because on nodes with AppArmor enabled the runtime then applies its default profile. ' +
    'Windows pods and system namespaces are not assessed. ' +
    'A privileged container with no profile or RuntimeDefault is not applicable: runtimes load no default AppArmor profile for it (privileged-container reports it); a Localhost profile still applies and passes.',
  rationale:
    'AppArmor is mandatory access control: it stops a compromised process from writing to /proc and /sys, mounting filesystems or reading files outside its profile even when it runs as root. Marking a container Unconfined removes that layer (guide 5.4, "Implementing mandatory access control").',
  remediation: {
    steps: [
      'Remove appArmorProfile of type Unconfined and any legacy AppArmor annotation saying unconfined.',
      'Set securityContext.appArmorProfile.type: RuntimeDefault, or Localhost with a profile loaded on every node.',
    ],
    patch: 'spec:\n  template:\n    spec:\n      securityContext:\n        appArmorProfile:\n          type: RuntimeDefault\n',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.isSystem || isWindows(w)) continue;
      for (const c of w.containers) {
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const profile = c.securityContext.appArmorProfile;
        const path = c.securityContextPaths.appArmorProfile ?? `${c.path}.securityContext`;
        if (c.securityContext.privileged === true && (!profile || profile.type === 'RuntimeDefault')) {
          // containerd and CRI-O load no default AppArmor profile for a privileged container (a Localhost one still applies).
          yield containerResult(w, c, 'not-applicable', `${subject} is privileged, and container runtimes apply no AppArmor profile to privileged containers; privileged-container reports it.`, {
            path: c.securityContextPaths.privileged ?? path,
            evidence: { privileged: true, appArmorProfile: profile ?? null },
          });
          continue;
        }
        if (!profile) {
          yield containerResult(w, c, 'pass', `${subject} gets the runtime's default AppArmor profile.`, { path, evidence: { appArmorProfile: null } });
        } else if (CONFINED.has(profile.type)) {
          yield containerResult(w, c, 'pass', `${subject} runs with the ${profile.type} AppArmor profile.`, { path, evidence: { appArmorProfile: profile } });
        } else {
          const fromPod = !setOnContainer(c, 'appArmorProfile');
          yield containerResult(w, c, 'fail', `${subject} runs with AppArmor ${profile.type}, outside any mandatory access control profile.`, {
            path,
            evidence: { appArmorProfile: profile },
            patch: fromPod
              ? podSpecPatch(w, { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } })
              : containerSecurityContextPatch(w, c, { appArmorProfile: { type: 'RuntimeDefault' } }),
          });
        }
      }
    }
  },
};
