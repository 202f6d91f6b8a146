/**
 * The kubelet configuration file as the place a fix goes (Remediation.appliesTo 'kubelet-config'):
 * the fragment a kubelet check's patch is written as, the document a kubelet finding is shown
 * against, and how a change reaches every node. Data and pure helpers only.
 */

export const KUBELET_CONFIG_API_VERSION = 'kubelet.config.k8s.io/v1beta1';
export const KUBELET_CONFIG_KIND = 'KubeletConfiguration';

/**
 * A KubeletConfiguration fragment with the fields a check wants. The apiVersion and kind lines make
 * it a valid drop-in file for the --config-dir directory as well as a block to merge into the main
 * configuration file.
 */
export function kubeletConfigPatch(fields: string): string {
  return `apiVersion: ${KUBELET_CONFIG_API_VERSION}\nkind: ${KUBELET_CONFIG_KIND}\n${fields}`;
}

/**
 * A node's kubelet settings as Rampart read them (the `kubeletconfig` object of configz, or a
 * KubeletConfiguration document of a manifest scan) shown as the KubeletConfiguration document
 * they come from.
 */
export function kubeletConfigDocument(config: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: KUBELET_CONFIG_API_VERSION, kind: KUBELET_CONFIG_KIND, ...config };
}

/** True for a manifest that is a kubelet configuration document (not a Node or another API object). */
export function isKubeletConfigDocument(manifest: unknown): boolean {
  return Boolean(manifest && typeof manifest === 'object' && (manifest as { kind?: unknown }).kind === KUBELET_CONFIG_KIND);
}

/** How a kubelet configuration change is rolled out; the steps every kubelet check ends with. */
export const KUBELET_CONFIG_ROLLOUT: readonly string[] = [
  'Put the fields in the kubelet configuration of every node: the file the kubelet is started with (--config; /var/lib/kubelet/config.yaml on kubeadm nodes) or, from Kubernetes 1.30, a drop-in file ending in .conf in the --config-dir directory (for example /etc/kubernetes/kubelet.conf.d/90-hardening.conf, with the apiVersion and kind lines shown; files later in name order win).',
  'A command-line flag overrides both files: remove the matching flag from the kubelet service (its systemd unit and drop-ins, KUBELET_EXTRA_ARGS, or /var/lib/kubelet/kubeadm-flags.env).',
  'On kubeadm clusters also change the kubelet-config ConfigMap in kube-system so joining and upgraded nodes get the setting, and run `kubeadm upgrade node phase kubelet-config` on existing nodes; on nodes built from an image or a managed node group, change the image or the node bootstrap configuration and replace the nodes.',
  'Restart the kubelet (systemctl restart kubelet) and confirm the value the node now runs with: kubectl get --raw /api/v1/nodes/<node>/proxy/configz.',
];
