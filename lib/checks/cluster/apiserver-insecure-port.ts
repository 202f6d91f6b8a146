import type { Check, CheckResult } from '../types';
import { componentMinor, flagPath, flagSet, forEachComponent, podRef } from './_shared/control-plane';

/**
 * Kubernetes 1.20 stopped serving the insecure port (the port flags accept only 0, the
 * address flags do nothing) and 1.24 removed the flags. Before 1.20 the port defaulted
 * to 8080 on the insecure bind address (default 127.0.0.1).
 */
const FIRST_MINOR_WITHOUT_INSECURE_SERVING = 20;

export const check: Check = {
  id: 'apiserver-insecure-port',
  title: 'API server serves an unauthenticated insecure port',
  section: 'cluster',
  severity: 'critical',
  reads: ['pods'],
  guideRef: '1.1',
  description:
    'Reads the kube-apiserver command line for --insecure-port (or its alias --port) set to anything but 0, and for --insecure-bind-address (or its alias --address). ' +
    'The version comes from the cluster, else from the API server image tag. Before 1.20 the port defaults to 8080 when unset, so an unset flag fails there. ' +
    'From 1.20 the API server cannot serve the insecure port at all (the port flags only accept 0, the address flags are inert) and 1.24 removed the flags, so on 1.20+ the check passes and only asks to remove leftovers. ' +
    'When the version is unknown the flags are judged as written.',
  rationale:
    'Requests to the insecure port skip authentication and authorization entirely: anyone who reaches it, including any process on the control-plane host, has full control of the cluster.',
  remediation: {
    steps: [
      'Edit the API server static Pod manifest on each control-plane node (usually /etc/kubernetes/manifests/kube-apiserver.yaml).',
      'Remove --insecure-bind-address / --address, and set --insecure-port=0 or, on Kubernetes 1.24 and later, remove --insecure-port / --port altogether.',
      'Upgrade clusters older than 1.20: they open the insecure port on 127.0.0.1 unless it is explicitly set to 0.',
      'The kubelet restarts the static Pod when the manifest changes; confirm with `curl http://<control-plane-ip>:8080` that the connection is refused.',
    ],
    kubectl: 'kubectl -n kube-system get pod <kube-apiserver-pod> -o jsonpath="{.spec.containers[0].command}"',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'kube-apiserver', (component) => {
      const { flags } = component;
      const minor = componentMinor(snapshot, component);
      const portFlag = flags['insecure-port'] !== undefined ? 'insecure-port' : flags.port !== undefined ? 'port' : undefined;
      const bindFlag = flagSet(flags, 'insecure-bind-address') ? 'insecure-bind-address' : flagSet(flags, 'address') ? 'address' : undefined;
      const evidence = {
        'insecure-port': flags['insecure-port'] ?? flags.port ?? null,
        'insecure-bind-address': flags['insecure-bind-address'] ?? flags.address ?? null,
        kubernetesMinor: minor ?? null,
      };
      const base = { resource: podRef(component), detail: 'insecure-port', evidence };
      const portOpen = portFlag !== undefined && !/^0+$/.test(flags[portFlag].trim());

      if (minor !== undefined && minor >= FIRST_MINOR_WITHOUT_INSECURE_SERVING) {
        const leftovers = [portFlag, bindFlag].filter((f): f is string => f !== undefined);
        return {
          ...base,
          status: 'pass',
          path: flagPath(snapshot, component, leftovers[0]),
          message:
            leftovers.length === 0
              ? `The API server has no insecure port (Kubernetes 1.${minor} cannot serve one).`
              : `Kubernetes 1.${minor} cannot serve the insecure port, but ${leftovers.map((f) => `--${f}`).join(' and ')} ${minor >= 24 ? 'no longer exist and stop the API server from starting' : 'are leftovers with no effect (or that stop it from starting when non-zero)'}; remove them.`,
        };
      }

      const problems: string[] = [];
      let culprit: string | undefined;
      if (portOpen && portFlag) {
        problems.push(`--${portFlag}=${flags[portFlag]} opens an unauthenticated HTTP port`);
        culprit = portFlag;
      } else if (!portFlag && minor !== undefined) {
        problems.push(`--insecure-port is unset, which on Kubernetes 1.${minor} opens port 8080 on the insecure bind address`);
        culprit = 'insecure-port';
      }
      if (bindFlag) {
        problems.push(`--${bindFlag}=${flags[bindFlag]} sets the address the insecure port listens on`);
        culprit ??= bindFlag;
      }
      if (problems.length > 0) {
        return { ...base, status: 'fail', path: flagPath(snapshot, component, culprit), message: `The API server exposes an insecure port: ${problems.join('; ')}.` };
      }
      return {
        ...base,
        status: 'pass',
        path: flagPath(snapshot, component, portFlag),
        message: portFlag
          ? 'The API server insecure port is disabled (--insecure-port=0) and no insecure bind address is set.'
          : 'The API server sets no insecure port flags (its version is unknown; Kubernetes 1.20+ cannot serve the insecure port).',
      };
    });
  },
};
