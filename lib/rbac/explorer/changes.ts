/**
 * What changed in RBAC between two scans: grants that appeared or disappeared (identified by
 * subject, binding, role, scope and rule), and risks that subjects gained or lost.
 */
import { formatSubject } from '../subjects';
import type { Grant, RbacAnalysis } from '../types';
import { grantChain, grantIdentity, type GrantChain } from './model';
import { riskSummary, type RiskSummary } from './views';

export interface RiskChange {
  subjectKey: string;
  subject: string;
  risk: RiskSummary;
}

export interface RbacChanges {
  added: GrantChain[];
  removed: GrantChain[];
  risksGained: RiskChange[];
  risksLost: RiskChange[];
}

function grantsById(analysis: RbacAnalysis): Map<string, Grant> {
  return new Map(analysis.grants.map((g) => [grantIdentity(g), g]));
}

function riskPairs(analysis: RbacAnalysis): Map<string, RiskChange> {
  const out = new Map<string, RiskChange>();
  for (const s of analysis.subjects) {
    for (const m of s.risks) {
      if (m.grants.length === 0) continue;
      out.set(`${s.key}|${m.riskId}`, { subjectKey: s.key, subject: formatSubject(s.subject), risk: riskSummary(m.riskId) });
    }
  }
  return out;
}

const byChain = (a: GrantChain, b: GrantChain): number => a.subjectKey.localeCompare(b.subjectKey) || a.bindingKey.localeCompare(b.bindingKey) || a.ruleIndex - b.ruleIndex;

export function rbacChanges(from: RbacAnalysis, to: RbacAnalysis): RbacChanges {
  const before = grantsById(from);
  const after = grantsById(to);
  const added = [...after].filter(([id]) => !before.has(id)).map(([, g]) => grantChain(g));
  const removed = [...before].filter(([id]) => !after.has(id)).map(([, g]) => grantChain(g));
  const risksBefore = riskPairs(from);
  const risksAfter = riskPairs(to);
  return {
    added: added.sort(byChain),
    removed: removed.sort(byChain),
    risksGained: [...risksAfter].filter(([k]) => !risksBefore.has(k)).map(([, v]) => v),
    risksLost: [...risksBefore].filter(([k]) => !risksAfter.has(k)).map(([, v]) => v),
  };
}
