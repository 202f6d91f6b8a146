/** Guide section 5, Running Containers Securely: security context, host access, admission, network policies, metadata API. */
import type { Check } from '../types';
import { check as adminUiExposed } from './admin-ui-exposed';
import { check as apparmorUnconfined } from './apparmor-unconfined';
import { check as capabilitiesNotDropped } from './capabilities-not-dropped';
import { check as containerRunsAsRoot } from './container-runs-as-root';
import { check as dangerousCapabilities } from './dangerous-capabilities';
import { check as hostNamespaces } from './host-namespaces';
import { check as hostPathVolume } from './host-path-volume';
import { check as hostPort } from './host-port';
import { check as ingressWithoutTls } from './ingress-without-tls';
import { check as metadataApiEgress } from './metadata-api-egress';
import { check as namespaceResourceQuotaMissing } from './namespace-resource-quota-missing';
import { check as networkEgressUnrestricted } from './network-egress-unrestricted';
import { check as networkPolicyMissing } from './network-policy-missing';
import { check as podSecurityAdmissionMissing } from './pod-security-admission-missing';
import { check as privilegeEscalationAllowed } from './privilege-escalation-allowed';
import { check as privilegedContainer } from './privileged-container';
import { check as procMountUnmasked } from './proc-mount-unmasked';
import { check as resourceLimitsMissing } from './resource-limits-missing';
import { check as seccompProfileUnset } from './seccomp-profile-unset';
import { check as serviceExposedExternally } from './service-exposed-externally';
import { check as workloadInDefaultNamespace } from './workload-in-default-namespace';
import { check as writableRootFilesystem } from './writable-root-filesystem';

export const checks: Check[] = [
  // 5.1 / 5.4 / 5.5: the container's own privileges
  containerRunsAsRoot,
  privilegedContainer,
  privilegeEscalationAllowed,
  writableRootFilesystem,
  dangerousCapabilities,
  capabilitiesNotDropped,
  seccompProfileUnset,
  apparmorUnconfined,
  procMountUnmasked,
  // 5.3 / 5.5: access to the host
  hostPathVolume,
  hostNamespaces,
  hostPort,
  // 5.2: admission and resource controls
  podSecurityAdmissionMissing,
  resourceLimitsMissing,
  namespaceResourceQuotaMissing,
  workloadInDefaultNamespace,
  // 5.6 / 5.7: network
  networkPolicyMissing,
  networkEgressUnrestricted,
  metadataApiEgress,
  serviceExposedExternally,
  ingressWithoutTls,
  adminUiExposed,
];
