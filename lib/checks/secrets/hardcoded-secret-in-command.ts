import type { Check, CheckResult } from '../types';
import { containerSubject } from '../workloads/_shared/workload';
import { CREDENTIAL_KIND_LABELS, findCredentialsInArgs } from '../../k8s/credential-values';

export const check: Check = {
  id: 'hardcoded-secret-in-command',
  title: 'Credential written in plain text on a container command line',
  section: 'secrets',
  severity: 'high',
  reads: ['workloads'],
  guideRef: '6.5',
  description:
    'For every container (init and ephemeral too) of every workload kind, reads command and args: flags and variables named as credentials with a literal value (--password=…, --token …, --api-key=…, --client-secret …, PASSWORD=… assignments, mysql -p…, redis-cli -a …), ' +
    'also inside shell scripts passed with sh -c, and values that are a credential by their shape (PEM private keys, AWS access key ids, GitHub / GitLab / Slack / Stripe tokens, JWTs, Bearer values, URLs with a password). ' +
    'References ($(VAR), $VAR, ${VAR}, $(cat /run/secrets/…)), file paths, placeholders and flags naming a Secret object are ignored. One result per container; the value is never shown.',
  rationale:
    'A command line is part of the workload object: everyone who can read the workload or its source repository reads the credential, it stays in Git history, and on the node it is visible to every process through /proc/<pid>/cmdline and in process listings (guide 6.5 and 6.6).',
  remediation: {
    steps: [
      'Rotate the exposed credential: it must be considered leaked.',
      'Store the new value in a Secret (or an external secret store) and mount it as a file; point the program at the file (most accept a --password-file / --token-file style flag), or read it in the script with $(cat /path).',
      'If the program only takes the value on its command line, pass it through an environment variable filled from valueFrom.secretKeyRef and reference it as $(VAR) in args.',
      'Remove the literal value from the manifest and from the source repository history.',
    ],
    kubectl: 'kubectl -n <namespace> create secret generic <name> --from-literal=<key>=<new-value>',
    patch:
      'spec:\n  template:\n    spec:\n      containers:\n      - name: <container>\n        args: ["--password-file=/run/secrets/<name>/<key>"]\n        volumeMounts:\n        - name: <name>\n          mountPath: /run/secrets/<name>\n          readOnly: true\n      volumes:\n      - name: <name>\n        secret:\n          secretName: <name>',
  },
  *evaluate(ctx): Generator<CheckResult> {
    for (const w of ctx.workloads) {
      for (const c of w.containers) {
        const command = c.spec.command ?? [];
        const args = c.spec.args ?? [];
        const found = command.length + args.length === 0 ? [] : findCredentialsInArgs([...command, ...args]);
        // Ephemeral containers collapsed from several Pods share a name: the Pod keeps them apart.
        const detail = c.pod ? `${c.pod.name}/${c.name}` : c.name;
        const subject = containerSubject(w, c);
        if (found.length === 0) {
          yield { status: 'pass', resource: w.ref, detail, path: c.path, message: `${subject} has no credential written on its command line.` };
          continue;
        }
        const hits = found.map((h) => {
          const field = h.index < command.length ? `command[${h.index}]` : `args[${h.index - command.length}]`;
          return { path: `${c.path}.${field}`, kind: h.kind, ...(h.name ? { flag: h.name } : {}) };
        });
        const what = [...new Set(hits.map((h) => (h.flag ? `the value of ${h.flag}` : CREDENTIAL_KIND_LABELS[h.kind])))];
        const where = [...new Set(hits.map((h) => h.path.slice(c.path.length + 1)))];
        yield {
          status: 'fail',
          resource: w.ref,
          detail,
          path: hits[0]!.path,
          message: `${subject} has a literal credential on its command line (${what.join(', ')} in ${where.join(', ')}; value hidden).`,
          evidence: { credentials: hits.map((h) => ({ ...h, value: '********' })) },
        };
      }
    }
  },
};
