import type { Check } from '../types';
import { evaluateRiskCheck } from './_shared/rbac';

export const check: Check = {
  id: 'rbac-persistent-volume-create',
  title: 'Subject can create PersistentVolumes',
  section: 'authorization',
  severity: 'medium',
  reads: ['rbac'],
  guideRef: '5.3',
  description:
    'Finds subjects granted create on persistentvolumes, directly or through `*`. PersistentVolumes are cluster-scoped, so only ClusterRoleBindings grant it; creating claims (persistentvolumeclaims) is what applications need and does not count. ' +
    'A distribution\'s own provisioner binding (k3s local-path-provisioner) is not assessed; a subject that holds it only through a cluster-admin-equivalent grant is left to rbac-cluster-admin-binding.',
  rationale:
    'A PersistentVolume can be a hostPath volume: whoever creates one, and a claim bound to it, mounts a node directory (or the node\'s root) into a pod, past Pod Security admission, which judges the pod\'s own volumes, not what a claim points at. ' +
    'That breaks the container boundary of guide 5.3. Dynamic provisioning through StorageClasses lets applications get volumes without this right (guide 3.3 least privilege).',
  remediation: {
    steps: [
      'Remove create on persistentvolumes from the role in the evidence; give applications persistentvolumeclaims and a StorageClass instead.',
      'Keep the right with the storage provisioner that needs it, and restrict which volume types may be created with an admission policy (deny hostPath PersistentVolumes).',
      'Verify: `kubectl auth can-i create persistentvolumes --as=<subject>` answers no.',
    ],
    kubectl: 'kubectl auth can-i create persistentvolumes --as=<subject>',
  },
  evaluate: (ctx) =>
    evaluateRiskCheck(ctx, { riskIds: ['persistentvolume-create'], ability: 'create PersistentVolumes', checkSubject: 'PersistentVolume creation rights' }, 'medium'),
};
