import type { Check, CheckResult } from '../types';
import { componentMinor, flagList, flagPath, forEachComponent, podRef } from './_shared/control-plane';

/**
 * Admission plugins kube-apiserver enables when --enable-admission-plugins does not mention
 * them (the default-on set of Kubernetes 1.27–1.33). NodeRestriction and AlwaysAdmit are not in it.
 */
export const DEFAULT_ON_ADMISSION_PLUGINS: ReadonlySet<string> = new Set([
  'NamespaceLifecycle',
  'LimitRanger',
  'ServiceAccount',
  'TaintNodesByCondition',
  'PodSecurity',
  'Priority',
  'DefaultTolerationSeconds',
  'DefaultStorageClass',
  'StorageObjectInUseProtection',
  'PersistentVolumeClaimResize',
  'RuntimeClass',
  'CertificateApproval',
  'CertificateSigning',
  'ClusterTrustBundleAttest',
  'CertificateSubjectRestriction',
  'DefaultIngressClass',
  'MutatingAdmissionWebhook',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionWebhook',
  'ResourceQuota',
]);

/** Default-on plugins the guide (5.2) and the CIS benchmark rely on; disabling one is a finding. */
const REQUIRED_DEFAULT_ON = ['NamespaceLifecycle', 'ServiceAccount', 'PodSecurity', 'LimitRanger', 'ResourceQuota'] as const;

/** PodSecurity became a default-on plugin in 1.23 (beta; GA in 1.25). */
const POD_SECURITY_DEFAULT_ON_SINCE = 23;

export function effectiveAdmissionPlugins(flags: Record<string, string>, minor?: number): { enabled: Set<string>; source: string } {
  // The deprecated --admission-control replaces the whole list (it cannot be combined with the newer flags).
  if (flags['admission-control'] !== undefined) {
    return { enabled: new Set(flagList(flags['admission-control'])), source: 'admission-control' };
  }
  const enabled = new Set(DEFAULT_ON_ADMISSION_PLUGINS);
  if (minor !== undefined && minor < POD_SECURITY_DEFAULT_ON_SINCE) enabled.delete('PodSecurity');
  for (const plugin of flagList(flags['enable-admission-plugins'])) enabled.add(plugin);
  for (const plugin of flagList(flags['disable-admission-plugins'])) enabled.delete(plugin);
  return { enabled, source: 'enable-admission-plugins' };
}

export const check: Check = {
  id: 'apiserver-admission-plugins',
  title: 'API server admission plugins are missing or unsafe',
  section: 'cluster',
  severity: 'high',
  reads: ['pods'],
  guideRef: '5.2',
  description:
    'Computes the admission plugins the kube-apiserver actually runs: its built-in default-on set (1.27–1.33) plus --enable-admission-plugins minus --disable-admission-plugins, ' +
    'or exactly the deprecated --admission-control list when that is used. Fails when NodeRestriction is not enabled (it is not on by default), when AlwaysAdmit is enabled, ' +
    'or when one of the default-on guards NamespaceLifecycle, ServiceAccount, PodSecurity (on by default since 1.23, GA in 1.25 when PodSecurityPolicy was removed; not expected before 1.23), LimitRanger or ResourceQuota has been disabled.',
  rationale:
    'Admission control is the last gate before an object is stored: NodeRestriction stops a compromised kubelet from modifying other nodes and pods, PodSecurity enforces the Pod Security Standards, ' +
    'LimitRanger and ResourceQuota cap resource use, and AlwaysAdmit turns the gate off.',
  remediation: {
    steps: [
      'Edit the kube-apiserver static Pod manifest on every control-plane node.',
      'Add NodeRestriction to --enable-admission-plugins (order does not matter) and remove AlwaysAdmit from it.',
      'Remove NamespaceLifecycle, ServiceAccount, PodSecurity, LimitRanger and ResourceQuota from --disable-admission-plugins.',
      'Replace the deprecated --admission-control flag with --enable-admission-plugins / --disable-admission-plugins.',
    ],
    patch: 'spec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --enable-admission-plugins=NodeRestriction',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'kube-apiserver', (component) => {
      const { flags } = component;
      const minor = componentMinor(snapshot, component);
      const { enabled, source } = effectiveAdmissionPlugins(flags, minor);
      const problems: string[] = [];
      if (!enabled.has('NodeRestriction')) problems.push('NodeRestriction is not enabled');
      if (enabled.has('AlwaysAdmit')) problems.push('AlwaysAdmit is enabled');
      // Before 1.23 PodSecurity did not exist (PodSecurityPolicy was the mechanism), so it is not expected there.
      const required = REQUIRED_DEFAULT_ON.filter((p) => p !== 'PodSecurity' || minor === undefined || minor >= POD_SECURITY_DEFAULT_ON_SINCE);
      const disabled = required.filter((p) => !enabled.has(p));
      if (disabled.length > 0) problems.push(`${disabled.join(', ')} ${disabled.length === 1 ? 'is' : 'are'} disabled`);
      const culprit = disabled.length > 0 && source !== 'admission-control' ? 'disable-admission-plugins' : source;
      const evidence = {
        'enable-admission-plugins': flags['enable-admission-plugins'] ?? null,
        'disable-admission-plugins': flags['disable-admission-plugins'] ?? null,
        ...(flags['admission-control'] !== undefined ? { 'admission-control': flags['admission-control'] } : {}),
        effectivePlugins: [...enabled].sort(),
      };
      const base = { resource: podRef(component), detail: 'admission-plugins', evidence };
      if (problems.length > 0) {
        return { ...base, status: 'fail', path: flagPath(snapshot, component, culprit), message: `API server admission control is weakened: ${problems.join('; ')}.` };
      }
      return {
        ...base,
        status: 'pass',
        path: flagPath(snapshot, component, source),
        message: 'NodeRestriction is enabled, AlwaysAdmit is not, and NamespaceLifecycle, ServiceAccount, PodSecurity, LimitRanger and ResourceQuota are active.',
      };
    });
  },
};
