/**
 * Pod Security Standards (Kubernetes): the baseline and restricted profiles' controls. Checks name
 * their level and control (lib/checks/frameworks, `pss`); control ids are "<level>/<slug of the
 * control name>". A restricted profile includes baseline; its controls here are the ones it adds
 * or tightens. Data only.
 */
import type { ControlFallback, FrameworkSpec } from './types';

const ROWS: ReadonlyArray<[level: 'baseline' | 'restricted', control: string, title: string, fallback: ControlFallback]> = [
  ['baseline', 'HostProcess', 'Windows pods do not run HostProcess containers', 'not-covered'],
  ['baseline', 'Host Namespaces', 'Pods do not share the host network, PID or IPC namespaces', 'not-covered'],
  ['baseline', 'Privileged Containers', 'Containers are not privileged', 'not-covered'],
  ['baseline', 'Capabilities', 'Containers add no capabilities beyond the default allowed set', 'not-covered'],
  ['baseline', 'HostPath Volumes', 'Pods mount no hostPath volumes', 'not-covered'],
  ['baseline', 'Host Ports', 'Containers use no host ports', 'not-covered'],
  ['baseline', 'AppArmor', 'AppArmor is not set to unconfined', 'not-covered'],
  ['baseline', 'SELinux', 'No custom SELinux user or role; only allowed SELinux types', 'not-covered'],
  ['baseline', '/proc Mount Type', 'The default masked /proc mount is kept', 'not-covered'],
  ['baseline', 'Seccomp', 'The seccomp profile is not set to Unconfined', 'not-covered'],
  ['baseline', 'Sysctls', 'Only safe sysctls are set', 'not-covered'],
  ['restricted', 'Volume Types', 'Pods use only the allowed volume types', 'not-covered'],
  ['restricted', 'Privilege Escalation', 'Containers set allowPrivilegeEscalation to false', 'not-covered'],
  ['restricted', 'Running as Non-root', 'Containers must run as non-root (runAsNonRoot)', 'not-covered'],
  ['restricted', 'Running as Non-root user', 'Containers do not set runAsUser to 0', 'not-covered'],
  ['restricted', 'Seccomp', 'A seccomp profile is set explicitly (RuntimeDefault or Localhost)', 'not-covered'],
  ['restricted', 'Capabilities', 'Containers drop ALL capabilities and add at most NET_BIND_SERVICE', 'not-covered'],
];

/** Control id of a Pod Security Standards level and control name, e.g. "baseline/host-ports". */
export function pssControlId(level: string, control: string): string {
  return `${level}/${control.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

export const PSS: FrameworkSpec = {
  id: 'pss',
  name: 'Pod Security Standards',
  description: 'The Kubernetes Pod Security Standards: the controls of the baseline and restricted profiles.',
  controls: ROWS.map(([level, control, title, fallback]) => ({
    id: pssControlId(level, control),
    group: level === 'baseline' ? 'Baseline' : 'Restricted',
    title: `${control}: ${title}`,
    fallback,
  })),
};
