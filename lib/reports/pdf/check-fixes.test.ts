/** The PDF's per-check remediation: commands and patches filled in per resource, identical ones once. */
import { describe, expect, it } from 'vitest';
import type { ReportCheckGroup, ReportFinding } from '../view-model';
import { checkFixes, MAX_COMMANDS_PER_CHECK } from './check-fixes';

const finding = (kind: string, namespace: string | null, name: string, extra: Partial<ReportFinding> = {}): ReportFinding => ({
  id: `${kind}-${name}`,
  clusterName: 'prod',
  severity: 'high',
  resource: { apiVersion: 'v1', kind, namespace, name },
  message: 'm',
  path: null,
  detail: 'app',
  evidence: null,
  patch: null,
  firstSeenAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

const group = (findings: ReportFinding[], remediation: Partial<ReportCheckGroup['remediation']> = {}): ReportCheckGroup => ({
  checkId: 'c',
  title: 't',
  severity: 'high',
  guideRef: '5.1',
  description: '',
  rationale: '',
  remediation: { steps: ['Edit <kind> <name>'], kubectl: 'kubectl -n <namespace> label <kind> <name> fixed=true', patch: 'metadata:\n  name: <name>\n', ...remediation },
  frameworks: [],
  findings,
});

describe('checkFixes', () => {
  it('fills one resource in everywhere, steps included', () => {
    const fixes = checkFixes(group([finding('Deployment', 'shop', 'web')]));
    expect(fixes.steps).toEqual(['Edit deployment web']);
    expect(fixes.commands).toEqual(['kubectl -n shop label deployment web fixed=true']);
    expect(fixes.patches).toEqual([{ type: 'strategic-merge', body: 'metadata:\n  name: web\n', resource: 'Deployment shop/web', others: 0 }]);
  });

  it('names each resource above its own command when they differ, and caps them', () => {
    const many = Array.from({ length: MAX_COMMANDS_PER_CHECK + 2 }, (_, i) => finding('Deployment', 'shop', `web-${i}`));
    const fixes = checkFixes(group(many));
    expect(fixes.steps).toEqual(['Edit <kind> <name>']);
    expect(fixes.commands).toHaveLength(MAX_COMMANDS_PER_CHECK);
    expect(fixes.commands[0]).toBe('# Deployment shop/web-0\nkubectl -n shop label deployment web-0 fixed=true');
    expect(fixes.moreCommands).toBe(2);
  });

  it('shows a command or patch shared by every resource once, and counts kinds with no command', () => {
    const fixes = checkFixes(
      group([finding('Deployment', 'a', 'x'), finding('Deployment', 'b', 'y'), finding('Rollout', 'c', 'z')], { kubectl: 'kubectl apply -f policy.yaml --type strategic', patch: 'spec: {}\n' }),
    );
    expect(fixes.commands).toEqual(['kubectl apply -f policy.yaml --type strategic']);
    expect(fixes.noCommand).toBe(1);
    expect(fixes.patches).toEqual([{ type: 'strategic-merge', body: 'spec: {}\n', resource: 'Deployment a/x', others: 2 }]);
  });

  it("prefers a finding's own patch, and names cluster-wide findings by the cluster's name", () => {
    const own = finding('Deployment', 'a', 'x', { patch: { type: 'json', body: '[{"op":"remove"}]' } });
    const cluster = finding('Cluster', null, 'cmx123internal');
    const fixes = checkFixes(group([own, cluster]));
    expect(fixes.patches[0]).toMatchObject({ type: 'json', body: '[{"op":"remove"}]' });
    expect(fixes.commands.join('\n')).toContain('label cluster prod fixed=true');
    expect(fixes.commands.join('\n')).not.toContain('cmx123internal');
  });
});
