/**
 * What counts as "system": namespaces and components that legitimately need powers an
 * application must not have. Checks use this to avoid flagging the platform for doing its job.
 */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/**
 * Groups a cluster installer creates for its own administrator credential: kubeadm (v1.29+)
 * puts admin.conf in kubeadm:cluster-admins, bound to cluster-admin, instead of system:masters.
 */
const INSTALLER_ADMIN_GROUPS: ReadonlySet<string> = new Set(['kubeadm:cluster-admins']);

/** Subjects that are the control plane or node components (RBAC checks skip them). */
export function isSystemSubjectName(kind: string, name: string, namespace?: string): boolean {
  if (kind === 'Group' && INSTALLER_ADMIN_GROUPS.has(name)) return true;
  if (kind === 'User' || kind === 'Group') return name.startsWith('system:') && name !== 'system:anonymous' && name !== 'system:unauthenticated' && name !== 'system:authenticated';
  if (kind === 'ServiceAccount') return namespace !== undefined && SYSTEM_NAMESPACES.has(namespace);
  return false;
}

export function isSystemNamespace(namespace: string | undefined): boolean {
  return namespace !== undefined && SYSTEM_NAMESPACES.has(namespace);
}

/**
 * Node agents whose installers put them in a namespace of their own: the Tigera operator's
 * Calico (calico-system, tigera-operator) and flannel's manifest (kube-flannel). They need host
 * networking and privilege to do their job. A workload counts only when it sits in that namespace
 * AND every container runs that project's images, so a namespace name alone earns no allowance.
 */
const SYSTEM_COMPONENTS: ReadonlyArray<{ namespace: string; repository: RegExp }> = [
  { namespace: 'calico-system', repository: /(^|\/)(calico|tigera)\/[^/]+$/ },
  { namespace: 'tigera-operator', repository: /(^|\/)tigera\/operator$/ },
  { namespace: 'kube-flannel', repository: /(^|\/)(flannel|flannel-io)\/[^/]+$/ },
];

/** Whether a workload is one of the well-known system components above (`repositories`: parsed image repositories). */
export function isSystemComponent(namespace: string, repositories: readonly string[]): boolean {
  const component = SYSTEM_COMPONENTS.find((c) => c.namespace === namespace);
  return component !== undefined && repositories.length > 0 && repositories.every((r) => component.repository.test(r));
}

const COMPONENT_NAMESPACES: ReadonlySet<string> = new Set(SYSTEM_COMPONENTS.map((c) => c.namespace));

/** Cheap pre-test: could a workload in this namespace be one of the well-known system components? */
export function isComponentNamespace(namespace: string): boolean {
  return COMPONENT_NAMESPACES.has(namespace);
}
