/**
 * Request bodies of the teams API (Settings → Teams). A bad body is a 400 with a message; a
 * scope's value is checked against its kind by lib/teams/ownership.ts scopeValueProblem.
 */
import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';
import { SCOPE_KINDS, scopeValueProblem } from './ownership';

const id = (what: string) => z.string().trim().min(1, `Pick a ${what}.`).max(128).regex(/^[A-Za-z0-9_-]+$/, `Not a ${what} id.`);

export const teamNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a team name.')
  .max(80, 'A team name has at most 80 characters.')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._&()-]*$/u, 'A team name starts with a letter or digit and holds letters, digits, spaces and . _ & ( ) - only.');

export const createTeamSchema = z.object({
  name: teamNameSchema,
  description: z.string().trim().max(500, 'A description has at most 500 characters.').optional(),
});
export type CreateTeamInput = z.infer<typeof createTeamSchema>;

export const updateTeamSchema = z
  .object({
    name: teamNameSchema.optional(),
    description: z.string().trim().max(500, 'A description has at most 500 characters.').nullable().optional(),
  })
  .refine((v) => v.name !== undefined || v.description !== undefined, 'Nothing to change: send a name or a description.');
export type UpdateTeamInput = z.infer<typeof updateTeamSchema>;

export const memberSchema = z.object({
  userId: id('user'),
  role: z.enum(ROLES, { message: 'The role within the team is admin, analyst or viewer.' }),
});
export type MemberInput = z.infer<typeof memberSchema>;

export const scopeSchema = z
  .object({
    /** null or absent: every cluster. */
    clusterId: id('cluster').nullable().optional(),
    kind: z.enum(SCOPE_KINDS, { message: `The scope kind is one of ${SCOPE_KINDS.join(', ')}.` }),
    value: z.string().trim().max(400).nullable().optional(),
  })
  .superRefine((v, ctx) => {
    const problem = scopeValueProblem(v.kind, v.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });
export type ScopeInput = z.infer<typeof scopeSchema>;

export const assignFindingSchema = z.object({
  /** The user to assign; null clears the assignment. */
  assigneeId: z.string().trim().min(1, 'Pick a person, or send null to clear the assignment.').max(128).regex(/^[A-Za-z0-9_-]+$/, 'Not a user id.').nullable(),
});
export type AssignFindingInput = z.infer<typeof assignFindingSchema>;

export const fleetAccessSchema = z.object({
  fleetAccess: z.boolean({ message: 'fleetAccess is true (every cluster) or false (only the teams of the user).' }),
});
