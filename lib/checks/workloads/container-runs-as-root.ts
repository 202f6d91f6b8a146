import type { Check, CheckResult } from '../types';
import {
  containerResult,
  containerSecurityContextPatch,
  describeContainer,
  describeWorkload,
  isWindows,
  securityContextFieldPath,
} from './_shared/workload';
import type { ResolvedContainer, Workload } from '../../k8s/pod-spec';

/**
 * Windows accounts with administrator rights, compared case-insensitively as Windows does: the
 * built-in administrator of containers, the node's LocalSystem account that HostProcess
 * containers may run as (more powerful still), and the local Administrator account or group.
 */
function isWindowsAdmin(userName: string): boolean {
  const name = userName.trim().toLowerCase();
  const account = name.slice(name.lastIndexOf('\\') + 1);
  return (
    name === 'containeradministrator' ||
    name === 'nt authority\\system' ||
    name === 'system' ||
    name === 'localsystem' ||
    account === 'administrator' ||
    account === 'administrators'
  );
}

/**
 * Windows pods: runAsUser / runAsGroup are forbidden there; the user is
 * windowsOptions.runAsUserName, and the kubelet enforces runAsNonRoot by refusing
 * ContainerAdministrator. Unset, the image's user runs, ContainerAdministrator for servercore.
 */
function windowsResult(w: Workload, c: ResolvedContainer, subject: string): CheckResult {
  const { runAsNonRoot, windowsOptions } = c.securityContext;
  const userName = windowsOptions?.runAsUserName;
  const evidence = { os: 'windows', runAsUserName: userName ?? null, runAsNonRoot: runAsNonRoot ?? null };
  if (userName !== undefined && isWindowsAdmin(userName)) {
    return containerResult(w, c, 'fail', `${subject} runs as a Windows account with administrator rights (windowsOptions.runAsUserName: ${userName}).`, {
      path: securityContextFieldPath(c, 'windowsOptions'),
      evidence,
    });
  }
  if (userName !== undefined && userName.trim() !== '') {
    return containerResult(w, c, 'pass', `${subject} runs as the Windows user ${userName}.`, { path: securityContextFieldPath(c, 'windowsOptions'), evidence });
  }
  if (runAsNonRoot === true) {
    return containerResult(w, c, 'pass', `${subject} must run as a non-administrator user (runAsNonRoot: true).`, { path: securityContextFieldPath(c, 'runAsNonRoot'), evidence });
  }
  return containerResult(
    w,
    c,
    'fail',
    `${subject} is a Windows container that sets neither windowsOptions.runAsUserName nor runAsNonRoot, so it runs as the image's user, ContainerAdministrator for Windows Server Core images.`,
    { path: securityContextFieldPath(c, 'windowsOptions'), evidence },
  );
}

export const check: Check = {
  id: 'container-runs-as-root',
  title: 'Container may run as root',
  section: 'workloads',
  severity: 'high',
  reads: ['workloads'],
  guideRef: '5.1',
  description:
    'Reads the effective runAsUser and runAsNonRoot of every container (pod-level values inherited unless the container overrides them). ' +
    'A container passes when it runs as a non-zero UID, or when runAsNonRoot is true and runAsUser is not 0 (the kubelet then refuses to start an image whose user is root). ' +
    'With both unset the image decides, and most images run as root, so that is a failure. ' +
    'Windows pods are read by securityContext.windowsOptions.runAsUserName (ContainerAdministrator, Administrator and, for HostProcess containers, NT AUTHORITY\\SYSTEM fail) or runAsNonRoot, since runAsUser does not exist for them. ' +
    'System namespaces are not assessed: node agents there (kube-proxy, CNI plugins) must be root to configure the host.',
  rationale:
    'Root in a container is root on the node as far as the kernel is concerned; any escape, writable host mount or kernel bug becomes a node compromise. Few applications need root (guide 5.1, "Say No to Root").',
  remediation: {
    steps: [
      'Build the image with a non-root USER (a numeric UID, so the kubelet can verify it).',
      'Set securityContext.runAsNonRoot: true on the pod (all containers inherit it) and, if the image has no numeric USER, runAsUser to a UID above 0.',
      'Enforce it with Pod Security Admission level restricted on the namespace.',
    ],
    kubectl: 'kubectl -n <namespace> patch <kind> <name> --type strategic -p \'{"spec":{"template":{"spec":{"securityContext":{"runAsNonRoot":true}}}}}\'',
    patch: 'spec:\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.isSystem) continue;
      for (const c of w.containers) {
        const { runAsUser, runAsNonRoot } = c.securityContext;
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        if (isWindows(w)) {
          yield windowsResult(w, c, subject);
          continue;
        }
        const evidence = { runAsUser: runAsUser ?? null, runAsNonRoot: runAsNonRoot ?? null };
        if (runAsUser !== undefined && runAsUser > 0) {
          yield containerResult(w, c, 'pass', `${subject} runs as UID ${runAsUser}.`, { path: securityContextFieldPath(c, 'runAsUser'), evidence });
        } else if (runAsUser === 0) {
          // Explicit root: runAsNonRoot cannot help (with it the container would not even start).
          yield containerResult(
            w,
            c,
            'fail',
            runAsNonRoot === true
              ? `${subject} is set to run as root (runAsUser: 0) while runAsNonRoot is true: the kubelet will refuse to start it until runAsUser is a non-zero UID.`
              : `${subject} is set to run as root (runAsUser: 0).`,
            { path: securityContextFieldPath(c, 'runAsUser'), evidence },
          );
        } else if (runAsNonRoot === true) {
          yield containerResult(w, c, 'pass', `${subject} must run as a non-root user (runAsNonRoot: true).`, { path: securityContextFieldPath(c, 'runAsNonRoot'), evidence });
        } else {
          yield containerResult(
            w,
            c,
            'fail',
            runAsNonRoot === false
              ? `${subject} explicitly allows running as root (runAsNonRoot: false) and sets no non-root UID.`
              : `${subject} sets neither runAsNonRoot nor a non-root runAsUser, so it runs as whatever user the image specifies, usually root.`,
            {
              path: securityContextFieldPath(c, 'runAsNonRoot'),
              evidence,
              patch: containerSecurityContextPatch(w, c, { runAsNonRoot: true }),
            },
          );
        }
      }
    }
  },
};
