/** Guide sections as the dashboard names and explains them. Client-safe. */
import { SECTION_IDS, type SectionId } from '@/lib/checks/types';

export const SECTIONS: Readonly<Record<SectionId, { number: number; title: string; covers: string }>> = {
  cluster: { number: 1, title: 'Securing the cluster', covers: 'API server, kubelet, etcd and dashboard settings: who can reach the control plane and how it is protected.' },
  authentication: { number: 2, title: 'Authentication', covers: 'Identities, service accounts and tokens: how people and workloads prove who they are.' },
  authorization: { number: 3, title: 'Authorization', covers: 'RBAC, authorization modes and token automount: what each identity is allowed to do.' },
  images: { number: 4, title: 'Securing container images', covers: 'Tags and digests, registries, pull policy and known vulnerabilities: what code actually runs.' },
  workloads: { number: 5, title: 'Running containers securely', covers: 'securityContext, host access, Pod Security admission, network policies and the metadata API.' },
  secrets: { number: 6, title: 'Secrets management', covers: 'Encryption at rest and secrets in environment variables, config maps and images.' },
};

export function sectionLabel(id: string): string {
  const s = SECTIONS[id as SectionId];
  return s ? `${s.number}. ${s.title}` : id;
}

export function isSectionId(id: string): id is SectionId {
  return (SECTION_IDS as readonly string[]).includes(id);
}
