/**
 * The seed hardening guide (shared/seed/kubernetes-hardening-guide.txt) as a framework: its
 * numbered sections are the controls, and a check assesses the section its `guideRef` names.
 * Titles in Rampart's words. Data only.
 */
import type { ControlFallback, FrameworkSpec } from './types';

const GROUPS: Record<string, string> = {
  '1': '1 Securing the cluster',
  '2': '2 Authentication',
  '3': '3 Authorization',
  '4': '4 Securing container images',
  '5': '5 Running containers securely',
  '6': '6 Secrets management',
};

const ROWS: ReadonlyArray<[id: string, title: string, fallback: ControlFallback]> = [
  ['1.1', 'API server', 'not-covered'],
  ['1.2', 'Kubelet', 'not-covered'],
  ['1.3', 'Running etcd safely', 'not-covered'],
  ['1.4', 'Kubernetes dashboard', 'not-covered'],
  ['2.1', 'Identity', 'not-covered'],
  ['2.2', 'Authentication', 'not-covered'],
  ['3.1', 'Authorization concepts', 'not-covered'],
  ['3.2', 'Authorization modes', 'not-covered'],
  ['3.3', 'Access control with RBAC', 'not-covered'],
  ['4.1', 'Image concepts: no known critical vulnerabilities, the intended images, the image policy', 'not-covered'],
  ['4.2', 'Scanning container images', 'manual'],
  ['4.3', 'Patching container images by rebuilding and redeploying', 'manual'],
  ['4.4', 'CI/CD gates on image scans', 'manual'],
  ['4.5', 'Image storage: private registries with read-only pull credentials', 'not-covered'],
  ['4.6', 'Image references: digests instead of mutable tags', 'not-covered'],
  ['4.7', 'Image trust and supply chain', 'not-covered'],
  ['4.8', 'Minimal images', 'manual'],
  ['5.1', 'Say no to root', 'not-covered'],
  ['5.2', 'Admission control', 'not-covered'],
  ['5.3', 'Security boundaries', 'not-covered'],
  ['5.4', 'Security context and policies', 'not-covered'],
  ['5.5', 'Least-privilege security settings', 'not-covered'],
  ['5.6', 'Network policies', 'not-covered'],
  ['5.7', 'Network policies: egress and the metadata API', 'not-covered'],
  ['6.1', 'Least privilege for Secrets', 'not-covered'],
  ['6.2', 'Secret encryption', 'not-covered'],
  ['6.3', 'Kubernetes Secret storage', 'not-covered'],
  ['6.4', 'Third-party secret stores', 'not-covered'],
  ['6.5', 'No secrets built into images', 'not-covered'],
  ['6.6', 'Secrets as environment variables', 'not-covered'],
];

export const GUIDE: FrameworkSpec = {
  id: 'guide',
  name: 'Rampart hardening guide',
  description: "The sections of the hardening guide Rampart's checks are written against (shared/seed/kubernetes-hardening-guide.txt).",
  controls: ROWS.map(([id, title, fallback]) => ({ id, title, group: GROUPS[id.split('.')[0]!]!, fallback })),
};
