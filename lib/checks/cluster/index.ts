/** Guide section 1, Securing the Cluster: API server, kubelet, etcd, Dashboard. */
import type { Check } from '../types';
import { check as apiserverAdmissionPlugins } from './apiserver-admission-plugins';
import { check as apiserverAnonymousAuth } from './apiserver-anonymous-auth';
import { check as apiserverAuditLogging } from './apiserver-audit-logging';
import { check as apiserverAuthorizationMode } from './apiserver-authorization-mode';
import { check as apiserverEtcdTls } from './apiserver-etcd-tls';
import { check as apiserverInsecurePort } from './apiserver-insecure-port';
import { check as apiserverKubeletTls } from './apiserver-kubelet-tls';
import { check as controlPlaneBindAddress } from './control-plane-bind-address';
import { check as controlPlaneProfiling } from './control-plane-profiling';
import { check as controllerManagerServiceAccountCredentials } from './controller-manager-service-account-credentials';
import { check as dashboardExposed } from './dashboard-exposed';
import { check as etcdClientCertAuth } from './etcd-client-cert-auth';
import { check as etcdPeerTls } from './etcd-peer-tls';
import { check as etcdTls } from './etcd-tls';
import { check as kubeletAnonymousAuth } from './kubelet-anonymous-auth';
import { check as kubeletAuthorizationMode } from './kubelet-authorization-mode';
import { check as kubeletCertificateRotation } from './kubelet-certificate-rotation';
import { check as kubeletReadOnlyPort } from './kubelet-read-only-port';

export const checks: Check[] = [
  apiserverInsecurePort,
  apiserverAnonymousAuth,
  apiserverAuthorizationMode,
  apiserverAdmissionPlugins,
  apiserverEtcdTls,
  apiserverAuditLogging,
  apiserverKubeletTls,
  controllerManagerServiceAccountCredentials,
  controlPlaneProfiling,
  controlPlaneBindAddress,
  kubeletAnonymousAuth,
  kubeletReadOnlyPort,
  kubeletAuthorizationMode,
  kubeletCertificateRotation,
  etcdTls,
  etcdClientCertAuth,
  etcdPeerTls,
  dashboardExposed,
];
