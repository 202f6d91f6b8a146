/**
 * Framework mappings of the images section (guide 4). CIS ids: CIS Kubernetes Benchmark v1.10
 * (Kubernetes 1.28+). NSA/CISA: Kubernetes Hardening Guidance v1.2 topics. No Pod Security
 * Standards control covers images.
 */
import type { FrameworkTable } from './types';

export const frameworks: FrameworkTable = {
  'image-tag-latest': { nsa: ['Kubernetes Pod security: building secure container images (immutable, versioned images)'] },
  'image-not-pinned-by-digest': { cis: ['5.5.1'], nsa: ['Kubernetes Pod security: building secure container images (immutable, versioned images)'] },
  'image-untrusted-registry': { cis: ['5.5.1'], nsa: ['Kubernetes Pod security: building secure container images (trusted repositories)'] },
  'image-pull-policy': { cis: ['1.2.11'], nsa: ['Kubernetes Pod security: building secure container images'] },
  'image-known-vulnerabilities': { nsa: ['Kubernetes Pod security: building secure container images (image scanning)', 'Upgrading and application security practices'] },
  'image-signature-policy': { cis: ['5.5.1'], nsa: ['Kubernetes Pod security: building secure container images (signing, admission verification)'] },
};
