/**
 * How a finding's resource is named on every surface (pages, PDF, exports). Cluster-wide findings
 * carry the pseudo-resource kind `Cluster`, stored under the scan source's internal id; people know
 * the cluster by its name, so that is what they are shown.
 */
export interface LabelledResource {
  kind: string;
  namespace?: string | null;
  name: string;
}

/** The resource's name as shown: the cluster's name for the pseudo-resource `Cluster`. */
export function resourceDisplayName(r: LabelledResource, clusterName: string | null | undefined): string {
  return r.kind === 'Cluster' && clusterName ? clusterName : r.name;
}

/** "Deployment payments/api", "ClusterRole admin", "Cluster prod-eu". */
export function resourceLabel(r: LabelledResource, clusterName?: string | null): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${resourceDisplayName(r, clusterName)}`;
}
