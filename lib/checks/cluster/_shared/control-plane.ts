/**
 * Shared plumbing for checks that read control-plane flags and kubelet configuration:
 * where a finding points (static Pod + command path, Node), the not-applicable result
 * when the evidence is invisible, and small value parsers. No check logic lives here.
 */
import type { ClusterSnapshot, ControlPlaneComponent, ControlPlaneComponentName, KubeletInfo } from '../../../k8s/snapshot';
import { clusterResource, type CheckResult, type ResourceRef } from '../../types';

export const COMPONENT_LABEL: Record<ControlPlaneComponentName, string> = {
  'kube-apiserver': 'API server',
  etcd: 'etcd',
  'kube-controller-manager': 'controller manager',
  'kube-scheduler': 'scheduler',
};

/** Why a component's pod may be invisible, for the not-applicable message. */
const INVISIBLE_REASON =
  'its static Pod is not visible in kube-system (a managed control plane such as EKS, GKE or AKS hides it, or the pods list was not readable)';

export function components(snapshot: ClusterSnapshot, name: ControlPlaneComponentName): ControlPlaneComponent[] {
  return snapshot.controlPlane.filter((c) => c.component === name);
}

export function podRef(component: ControlPlaneComponent): ResourceRef {
  return { apiVersion: 'v1', kind: 'Pod', namespace: component.pod.namespace, name: component.pod.name };
}

export function nodeRef(nodeName: string): ResourceRef {
  return { apiVersion: 'v1', kind: 'Node', name: nodeName };
}

/**
 * The field a flag lives in: `spec.containers[i].args` when the flag was written in args,
 * otherwise `spec.containers[i].command` (also for flags that are not set at all).
 */
export function flagPath(snapshot: ClusterSnapshot, component: ControlPlaneComponent, flag?: string): string {
  const base = `spec.containers[${component.containerIndex}]`;
  if (flag) {
    const pod = snapshot.objects.pods.find(
      (p) => p.metadata?.name === component.pod.name && p.metadata?.namespace === component.pod.namespace,
    );
    const args = pod?.spec?.containers?.[component.containerIndex]?.args ?? [];
    const writtenInArgs = args.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`) || a === `-${flag}` || a.startsWith(`-${flag}=`));
    if (writtenInArgs) return `${base}.args`;
  }
  return `${base}.command`;
}

/** The single result a check returns when the component it reads is not visible. */
export function componentNotVisible(snapshot: ClusterSnapshot, name: ControlPlaneComponentName): CheckResult[] {
  return [
    {
      status: 'not-applicable',
      resource: clusterResource(snapshot),
      message: `The ${COMPONENT_LABEL[name]} (${name}) settings cannot be assessed: ${INVISIBLE_REASON}. Verify them with your provider.`,
    },
  ];
}

export function kubeletsNotVisible(snapshot: ClusterSnapshot): CheckResult[] {
  return [
    {
      status: 'not-applicable',
      resource: clusterResource(snapshot),
      message:
        'No kubelet configuration is visible for any node (configz through nodes/proxy was not readable, or the source has no KubeletConfiguration), so kubelet settings cannot be assessed.',
    },
  ];
}

/** A flag value read as a boolean the way Go's strconv.ParseBool does; undefined when unset or unparsable. */
export function flagBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  return undefined;
}

/** A comma-separated list flag (`--authorization-mode=Node,RBAC`). */
export function flagList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** True when the flag is present with a non-empty value. */
export function flagSet(flags: Record<string, string>, name: string): boolean {
  const v = flags[name];
  return v !== undefined && v.trim() !== '';
}

/** Reads a dotted path (`authentication.anonymous.enabled`) from a kubelet configuration. */
export function configValue(config: Record<string, unknown>, path: string): unknown {
  let current: unknown = config;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A kubelet config boolean (JSON booleans, or strings from hand-written documents). */
export function configBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return flagBool(value);
  return undefined;
}

export function configNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/**
 * Runs `judge` for every kubelet that has a configuration, or returns the single
 * not-applicable result when none is visible.
 */
export function forEachKubelet(snapshot: ClusterSnapshot, judge: (kubelet: KubeletInfo) => CheckResult): CheckResult[] {
  if (snapshot.kubelets.length === 0) return kubeletsNotVisible(snapshot);
  return [...snapshot.kubelets].sort((a, b) => a.nodeName.localeCompare(b.nodeName)).map(judge);
}

/** Runs `judge` for every pod of a component, or returns the not-applicable result when none is visible. */
export function forEachComponent(
  snapshot: ClusterSnapshot,
  name: ControlPlaneComponentName,
  judge: (component: ControlPlaneComponent) => CheckResult | CheckResult[],
): CheckResult[] {
  const found = components(snapshot, name);
  if (found.length === 0) return componentNotVisible(snapshot, name);
  return found.flatMap((c) => judge(c));
}

/**
 * etcd reads each setting from its flag, else from the ETCD_<NAME> environment variable
 * (flags win); with --config-file it ignores both. Returns the effective raw value.
 */
export function etcdSetting(snapshot: ClusterSnapshot, component: ControlPlaneComponent, flag: string): string | undefined {
  if (component.flags[flag] !== undefined) return component.flags[flag];
  const pod = snapshot.objects.pods.find(
    (p) => p.metadata?.name === component.pod.name && p.metadata?.namespace === component.pod.namespace,
  );
  const envName = `ETCD_${flag.toUpperCase().replace(/-/g, '_')}`;
  const env = pod?.spec?.containers?.[component.containerIndex]?.env?.find((e) => e.name === envName);
  return env?.valueFrom ? undefined : env?.value;
}

/**
 * etcd ignores command-line flags and environment when --config-file is given; then its
 * settings are in a file Rampart cannot read and the etcd checks are not applicable.
 */
export function etcdConfigFileResult(snapshot: ClusterSnapshot, component: ControlPlaneComponent): CheckResult | undefined {
  const file = etcdSetting(snapshot, component, 'config-file');
  if (file === undefined || file.trim() === '') return undefined;
  return {
    status: 'not-applicable',
    resource: podRef(component),
    message: `etcd reads its settings from the configuration file ${file} (--config-file), which overrides command-line flags and is not visible to Rampart; verify the TLS settings in that file.`,
    path: flagPath(snapshot, component, 'config-file'),
    detail: 'config-file',
    evidence: { 'config-file': file },
  };
}

/** Minor version of the cluster when known ("v1.30.2" → 30; EKS "v1.29.1-eks-..." → 29). */
export function serverMinor(snapshot: ClusterSnapshot): number | undefined {
  const match = /^v?1\.(\d+)/.exec(snapshot.serverVersion ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Minor version a component runs: the cluster's server version when known (live scans),
 * else the tag of the component's image (`registry.k8s.io/kube-apiserver:v1.30.2` → 30),
 * else undefined (digest-only or custom images).
 */
export function componentMinor(snapshot: ClusterSnapshot, component: ControlPlaneComponent): number | undefined {
  const fromServer = serverMinor(snapshot);
  if (fromServer !== undefined) return fromServer;
  const pod = snapshot.objects.pods.find(
    (p) => p.metadata?.name === component.pod.name && p.metadata?.namespace === component.pod.namespace,
  );
  const image = pod?.spec?.containers?.[component.containerIndex]?.image ?? '';
  const match = /:v?1\.(\d+)\.\d+[^/@]*(@|$)/.exec(image);
  return match ? Number(match[1]) : undefined;
}

/**
 * True when the kubelet settings are the ones the kubelets run with: configz of a live scan,
 * already defaulted and with command-line flags applied. False for KubeletConfiguration documents
 * (manifest scans), to which the kubelet still applies its file defaults — there a zero duration
 * such as `0s` means "use the default", not zero.
 */
export function kubeletSettingsAreEffective(snapshot: ClusterSnapshot): boolean {
  return snapshot.source.type === 'cluster';
}

const DURATION_UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration string (`4h0m0s`, `5m`, `300ms`, `0`) in milliseconds; undefined when it is not one. */
export function goDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value / 1e6; // a bare number is nanoseconds
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '0') return 0;
  const match = /^([-+]?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/.exec(text);
  if (!match) return undefined;
  let total = 0;
  for (const part of match[2].matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * DURATION_UNITS_MS[part[2]];
  return match[1] === '-' ? -total : total;
}
