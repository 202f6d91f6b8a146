/** What the teams API returns (Settings → Teams). Types only: safe in client components. */
import type { SlaOverrides } from '@/lib/sla/policy';
import type { ScopeKind } from './ownership';

export interface TeamMemberDto {
  userId: string;
  name: string;
  email: string;
  role: string;
  source: 'manual' | 'oidc';
  fleetAccess: boolean;
}

export interface TeamScopeDto {
  id: string;
  clusterId: string | null;
  clusterName: string | null;
  kind: ScopeKind;
  value: string | null;
  /** The scope in words, e.g. "namespace glob payments-* in prod-eu". */
  summary: string;
}

export interface TeamDto {
  id: string;
  name: string;
  description: string | null;
  /** Remediation SLA days this team sets for its findings; a severity absent follows the instance policy. */
  slaOverrides: SlaOverrides;
  createdAt: string;
  members: TeamMemberDto[];
  scopes: TeamScopeDto[];
}
