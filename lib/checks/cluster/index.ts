/** Guide section 1, Securing the Cluster: API server, kubelet, etcd, Dashboard. */
import type { Check } from '../types';
import { check as apiserverAdmissionPlugins } from './apiserver-admission-plugins';
import { check as apiserverAnonymousAuth } from './apiserver-anonymous-auth';
import { check as apiserverAuditLogging } from './apiserver-audit-logging';
import { check as apiserverAuditRetention } from './apiserver-audit-retention';
import { check as apiserverAuthorizationMode } from './apiserver-authorization-mode';
import { check as apiserverEtcdTls } from './apiserver-etcd-tls';
import { check as apiserverInsecurePort } from './apiserver-insecure-port';
import { check as apiserverKubeletTls } from './apiserver-kubelet-tls';
import { check as apiserverTlsConfig } from './apiserver-tls-config';
import { check as controlPlaneBindAddress } from './control-plane-bind-address';
import { check as controlPlaneProfiling } from './control-plane-profiling';
import { check as controllerManagerServiceAccountCredentials } from './controller-manager-service-account-credentials';
import { check as dashboardExposed } from './dashboard-exposed';
import { check as etcdClientCertAuth } from './etcd-client-cert-auth';
import { check as etcdPeerTls } from './etcd-peer-tls';
import { check as etcdSeparateCa } from './etcd-separate-ca';
import { check as etcdTls } from './etcd-tls';
import { check as kubeletAnonymousAuth } from './kubelet-anonymous-auth';
import { check as kubeletAuthorizationMode } from './kubelet-authorization-mode';
import { check as kubeletCertificateRotation } from './kubelet-certificate-rotation';
import { check as kubeletPodPidLimit } from './kubelet-pod-pid-limit';
import { check as kubeletProtectKernelDefaults } from './kubelet-protect-kernel-defaults';
import { check as kubeletReadOnlyPort } from './kubelet-read-only-port';
import { check as kubeletStreamingTimeout } from './kubelet-streaming-timeout';
import { check as kubeletTlsConfig } from './kubelet-tls-config';

export const checks: Check[] = [
  apiserverInsecurePort,
  apiserverAnonymousAuth,
  apiserverAuthorizationMode,
  apiserverAdmissionPlugins,
  apiserverEtcdTls,
  apiserverAuditLogging,
  apiserverAuditRetention,
  apiserverTlsConfig,
  apiserverKubeletTls,
  controllerManagerServiceAccountCredentials,
  controlPlaneProfiling,
  controlPlaneBindAddress,
  kubeletAnonymousAuth,
  kubeletReadOnlyPort,
  kubeletAuthorizationMode,
  kubeletCertificateRotation,
  kubeletTlsConfig,
  kubeletProtectKernelDefaults,
  kubeletStreamingTimeout,
  kubeletPodPidLimit,
  etcdTls,
  etcdClientCertAuth,
  etcdPeerTls,
  etcdSeparateCa,
  dashboardExposed,
];
