/**
 * Framework mappings of the workloads section (guide 5). CIS ids: CIS Kubernetes Benchmark v1.10
 * (Kubernetes 1.28+), chapter 5 "Policies". NSA/CISA: Kubernetes Hardening Guidance v1.2 topics.
 * PSS: the Pod Security Standards level whose control the check corresponds to.
 */
import type { FrameworkTable } from './types';

export const frameworks: FrameworkTable = {
  'privileged-container': {
    cis: ['5.2.2'],
    nsa: ['Kubernetes Pod security: pod security enforcement (no privileged containers)'],
    pss: { level: 'baseline', control: 'Privileged Containers' },
  },
  'container-runs-as-root': {
    cis: ['5.2.7'],
    nsa: ['Kubernetes Pod security: non-root containers and "rootless" container engines'],
    pss: { level: 'restricted', control: 'Running as Non-root' },
  },
  'privilege-escalation-allowed': {
    cis: ['5.2.6'],
    nsa: ['Kubernetes Pod security: pod security enforcement (no privilege escalation)'],
    pss: { level: 'restricted', control: 'Privilege Escalation' },
  },
  'writable-root-filesystem': {
    cis: ['5.7.3'],
    nsa: ['Kubernetes Pod security: immutable container file systems'],
  },
  'dangerous-capabilities': {
    cis: ['5.2.8', '5.2.9'],
    nsa: ['Kubernetes Pod security: pod security enforcement (Linux capabilities)'],
    pss: { level: 'baseline', control: 'Capabilities' },
  },
  'capabilities-not-dropped': {
    cis: ['5.2.10'],
    nsa: ['Kubernetes Pod security: pod security enforcement (Linux capabilities)'],
    pss: { level: 'restricted', control: 'Capabilities' },
  },
  'proc-mount-unmasked': {
    cis: ['5.7.3'],
    nsa: ['Kubernetes Pod security: hardening container environments'],
    pss: { level: 'baseline', control: '/proc Mount Type' },
  },
  'seccomp-profile-unset': {
    cis: ['5.7.2'],
    nsa: ['Kubernetes Pod security: hardening container environments (seccomp)'],
    pss: { level: 'restricted', control: 'Seccomp' },
  },
  'apparmor-unconfined': {
    cis: ['5.7.3'],
    nsa: ['Kubernetes Pod security: hardening container environments (AppArmor, SELinux)'],
    pss: { level: 'baseline', control: 'AppArmor' },
  },
  'host-path-volume': {
    cis: ['5.2.12'],
    nsa: ['Kubernetes Pod security: pod security enforcement (no hostPath mounts)'],
    pss: { level: 'baseline', control: 'HostPath Volumes' },
  },
  'host-namespaces': {
    cis: ['5.2.3', '5.2.4', '5.2.5'],
    nsa: ['Kubernetes Pod security: pod security enforcement (host namespaces)'],
    pss: { level: 'baseline', control: 'Host Namespaces' },
  },
  'host-port': {
    cis: ['5.2.13'],
    nsa: ['Network separation and hardening: limit exposed ports'],
    pss: { level: 'baseline', control: 'Host Ports' },
  },
  'resource-limits-missing': {
    nsa: ['Network separation and hardening: resource policies (LimitRange, ResourceQuota)'],
  },
  'namespace-resource-quota-missing': {
    nsa: ['Network separation and hardening: resource policies (LimitRange, ResourceQuota)'],
  },
  'pod-security-admission-missing': {
    cis: ['5.2.1'],
    nsa: ['Kubernetes Pod security: pod security enforcement (Pod Security Admission)'],
  },
  'network-policy-missing': {
    cis: ['5.3.2'],
    nsa: ['Network separation and hardening: network policies (default deny)'],
  },
  'network-egress-unrestricted': {
    cis: ['5.3.2'],
    nsa: ['Network separation and hardening: network policies (default deny egress)'],
  },
  'metadata-api-egress': {
    nsa: ['Network separation and hardening: network policies (restrict egress, cloud metadata)'],
  },
  'workload-in-default-namespace': {
    cis: ['5.7.1', '5.7.4'],
    nsa: ['Network separation and hardening: namespaces'],
  },
  'admin-ui-exposed': {
    nsa: ['Network separation and hardening: limit exposed services', 'Authentication and authorization: restrict access to administrative interfaces'],
  },
  'ingress-without-tls': {
    nsa: ['Network separation and hardening: encrypt traffic in transit (TLS)'],
  },
  'service-exposed-externally': {
    nsa: ['Network separation and hardening: limit exposed services'],
  },
};
