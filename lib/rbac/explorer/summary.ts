/** Counts shown above the explorer's tabs. */
import { riskySubjects } from '../escalation';
import type { RbacModel } from './model';

export interface RbacSummary {
  subjects: number;
  bindings: number;
  roles: number;
  riskySubjects: number;
  danglingBindings: number;
  collectedAt: string;
}

export function rbacSummary(model: RbacModel): RbacSummary {
  const { analysis } = model;
  return {
    subjects: analysis.subjects.filter((s) => !s.isSystem).length,
    bindings: analysis.bindings.length,
    roles: analysis.roles.length,
    riskySubjects: riskySubjects(analysis).length,
    danglingBindings: analysis.danglingBindings.length,
    collectedAt: model.artifact.collectedAt,
  };
}
