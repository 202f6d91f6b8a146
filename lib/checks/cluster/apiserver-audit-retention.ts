import type { Check, CheckResult } from '../types';
import { flagPath, flagSet, forEachComponent, podRef } from './_shared/control-plane';

/** The CIS Kubernetes Benchmark values (1.2.17–1.2.19): days, files, megabytes. */
const MINIMUMS = { 'audit-log-maxage': 30, 'audit-log-maxbackup': 10, 'audit-log-maxsize': 100 } as const;
type RetentionFlag = keyof typeof MINIMUMS;

const UNSET_EFFECT: Record<RetentionFlag, string> = {
  'audit-log-maxage': 'old files are never removed by age',
  'audit-log-maxbackup': 'the number of old files is not limited',
  'audit-log-maxsize': 'the file rotates at the log library\'s 100 MB default',
};

export const check: Check = {
  id: 'apiserver-audit-retention',
  title: 'API server audit log has no retention and rotation settings',
  section: 'cluster',
  severity: 'medium',
  reads: ['pods'],
  guideRef: '1.1',
  description:
    'When kube-apiserver writes its audit log to a file (--audit-log-path), reads --audit-log-maxage (days), --audit-log-maxbackup (rotated files kept) and --audit-log-maxsize (MB before rotation). ' +
    'Each must be set and at least the CIS Benchmark values 30, 10 and 100. Unset, the API server keeps every old file forever (maxage and maxbackup 0 mean no limit) and rotates at 100 MB, so the log grows until the disk is full; set low, the evidence of an intrusion is deleted within days. ' +
    'Not applicable when there is no audit file: no --audit-log-path (audit events go only to a webhook, whose backend keeps them, or nowhere, which apiserver-audit-logging reports) or --audit-log-path=- (standard output, kept by the container log pipeline).',
  rationale:
    'An audit trail is only useful if it still exists when an incident is investigated, which is often weeks later; and a log that fills the control-plane disk takes the API server down with it.',
  remediation: {
    steps: [
      'Set --audit-log-maxage=30 (or the retention your policy requires), --audit-log-maxbackup=10 and --audit-log-maxsize=100 in the kube-apiserver static Pod manifest on every control-plane node.',
      'Make sure the log directory is on a volume large enough for maxbackup × maxsize, and ship the files to a store outside the cluster that administrators cannot modify.',
    ],
    patch: 'spec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --audit-log-maxage=30\n    - --audit-log-maxbackup=10\n    - --audit-log-maxsize=100',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'kube-apiserver', (component) => {
      const { flags } = component;
      const flagNames = Object.keys(MINIMUMS) as RetentionFlag[];
      const evidence = { 'audit-log-path': flags['audit-log-path'] ?? null, ...Object.fromEntries(flagNames.map((f) => [f, flags[f] ?? null])) };
      const logPath = flags['audit-log-path']?.trim();
      if (!flagSet(flags, 'audit-log-path') || logPath === '-') {
        return {
          status: 'not-applicable',
          resource: podRef(component),
          path: flagPath(snapshot, component, 'audit-log-path'),
          detail: 'audit-retention',
          evidence,
          message:
            logPath === '-'
              ? 'The API server writes audit events to standard output (--audit-log-path=-); their retention is up to the container log pipeline.'
              : 'The API server writes no audit log file (no --audit-log-path): retention is up to the audit webhook backend, if any (apiserver-audit-logging judges whether events are recorded).',
        };
      }
      const problems: string[] = [];
      let culprit: RetentionFlag | undefined;
      for (const flag of flagNames) {
        const raw = flags[flag];
        const value = raw === undefined ? undefined : Number(raw.trim());
        if (raw === undefined || raw.trim() === '') problems.push(`--${flag} is not set (${UNSET_EFFECT[flag]})`);
        else if (!Number.isInteger(value) || (value as number) < MINIMUMS[flag]) problems.push(`--${flag}=${raw} is below ${MINIMUMS[flag]}`);
        else continue;
        culprit ??= flag;
      }
      const base = { resource: podRef(component), path: flagPath(snapshot, component, culprit ?? 'audit-log-maxage'), detail: 'audit-retention', evidence };
      if (problems.length > 0) return { ...base, status: 'fail', message: `The audit log ${logPath} is not kept and rotated safely: ${problems.join('; ')}.` };
      return {
        ...base,
        status: 'pass',
        message: `The audit log ${logPath} is kept ${flags['audit-log-maxage']} days in up to ${flags['audit-log-maxbackup']} files of ${flags['audit-log-maxsize']} MB.`,
      };
    });
  },
};
