import type { Check, CheckResult } from '../types';
import { flagPath, flagSet, forEachComponent, podRef, serverMinor } from './_shared/control-plane';

/** Before 1.20 the insecure port defaulted to 8080 (bound to 127.0.0.1); 1.20 made 0 the only accepted value; 1.24 removed the flags. */
const FIRST_MINOR_WITHOUT_INSECURE_DEFAULT = 20;

export const check: Check = {
  id: 'apiserver-insecure-port',
  title: 'API server serves an unauthenticated insecure port',
  section: 'cluster',
  severity: 'critical',
  guideRef: '1.1',
  description:
    'Reads the kube-apiserver command line for --insecure-port (and its older alias --port) set to anything but 0, and for --insecure-bind-address (or its alias --address). ' +
    'When unset, the port is closed on Kubernetes 1.20 and later (1.20–1.23 only accept 0; 1.24 removed the flags, so a manifest that still sets them belongs to an older cluster or will not start). ' +
    'On clusters older than 1.20 the unset default was port 8080 on 127.0.0.1, which is reported as open.',
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
    const minor = serverMinor(snapshot);
    return forEachComponent(snapshot, 'kube-apiserver', (component) => {
      const { flags } = component;
      const portFlag = flags['insecure-port'] !== undefined ? 'insecure-port' : flags.port !== undefined ? 'port' : undefined;
      const bindFlag = flagSet(flags, 'insecure-bind-address') ? 'insecure-bind-address' : flagSet(flags, 'address') ? 'address' : undefined;
      const problems: string[] = [];
      let culprit: string | undefined;
      if (portFlag) {
        const value = flags[portFlag].trim();
        if (!/^0+$/.test(value)) {
          problems.push(`--${portFlag}=${value} opens an unauthenticated HTTP port`);
          culprit = portFlag;
        }
      } else if (minor !== undefined && minor < FIRST_MINOR_WITHOUT_INSECURE_DEFAULT) {
        problems.push(`--insecure-port is unset, which on Kubernetes 1.${minor} means port 8080 is open on the insecure bind address`);
        culprit = 'insecure-port';
      }
      if (bindFlag) {
        problems.push(`--${bindFlag}=${flags[bindFlag]} binds the insecure port to an address`);
        culprit ??= bindFlag;
      }
      const evidence = {
        'insecure-port': flags['insecure-port'] ?? flags.port ?? null,
        'insecure-bind-address': flags['insecure-bind-address'] ?? flags.address ?? null,
        serverVersion: snapshot.serverVersion ?? null,
      };
      if (problems.length > 0) {
        return {
          status: 'fail',
          resource: podRef(component),
          message: `The API server exposes an insecure port: ${problems.join('; ')}.`,
          path: flagPath(snapshot, component, culprit),
          detail: 'insecure-port',
          evidence,
        };
      }
      return {
        status: 'pass',
        resource: podRef(component),
        message: portFlag
          ? 'The API server insecure port is disabled (--insecure-port=0) and no insecure bind address is set.'
          : 'The API server has no insecure port: the flags are unset, and Kubernetes 1.20+ keeps it closed (1.24+ removed it).',
        path: flagPath(snapshot, component, portFlag),
        detail: 'insecure-port',
        evidence,
      };
    });
  },
};
