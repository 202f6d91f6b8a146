/**
 * What counts as "system": namespaces and components that legitimately need powers an
 * application must not have. Checks use this to avoid flagging the platform for doing its job.
 */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** Subjects that are the control plane or node components (RBAC checks skip them). */
export function isSystemSubjectName(kind: string, name: string, namespace?: string): boolean {
  if (kind === 'User' || kind === 'Group') return name.startsWith('system:') && name !== 'system:anonymous' && name !== 'system:unauthenticated' && name !== 'system:authenticated';
  if (kind === 'ServiceAccount') return namespace !== undefined && SYSTEM_NAMESPACES.has(namespace);
  return false;
}

export function isSystemNamespace(namespace: string | undefined): boolean {
  return namespace !== undefined && SYSTEM_NAMESPACES.has(namespace);
}
