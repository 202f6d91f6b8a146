import type { Check, CheckResult } from '../types';
import { containerSubject } from '../workloads/_shared/workload';

export const check: Check = {
  id: 'secret-in-env-var',
  title: 'Secret passed to a container as environment variables',
  section: 'secrets',
  severity: 'low',
  reads: ['workloads'],
  guideRef: '6.6',
  description:
    'For every container (init and ephemeral too) of workloads outside the system namespaces, looks for env[].valueFrom.secretKeyRef and envFrom[].secretRef. One result per container.',
  rationale:
    'Environment variables leak easily: they are inherited by every child process, written to crash dumps and debug output, visible in /proc to processes of the same user, and never updated when the Secret is rotated. ' +
    'A Secret mounted as a volume is a file only the container reads, and it follows rotation.',
  remediation: {
    steps: [
      'Mount the Secret as a read-only volume (optionally only the needed keys with items:) and have the application read the file; many images accept a *_FILE variant of the variable.',
      'Remove the secretKeyRef / secretRef entries from env and envFrom.',
    ],
    patch:
      'spec:\n  template:\n    spec:\n      volumes:\n      - name: <secret>\n        secret:\n          secretName: <secret>\n      containers:\n      - name: <container>\n        volumeMounts:\n        - name: <secret>\n          mountPath: /run/secrets/<secret>\n          readOnly: true',
  },
  *evaluate(ctx): Generator<CheckResult> {
    for (const w of ctx.workloads) {
      if (w.isSystem) continue;
      for (const c of w.containers) {
        let refs: { path: string; secret: string; key?: string; variable?: string }[] | undefined;
        const env = c.spec.env ?? [];
        for (let i = 0; i < env.length; i++) {
          const e = env[i]!;
          const ref = e.valueFrom?.secretKeyRef;
          if (ref) (refs ??= []).push({ path: `${c.path}.env[${i}].valueFrom.secretKeyRef`, secret: ref.name ?? '', key: ref.key, variable: e.name });
        }
        const envFrom = c.spec.envFrom ?? [];
        for (let i = 0; i < envFrom.length; i++) {
          const e = envFrom[i]!;
          if (e.secretRef) (refs ??= []).push({ path: `${c.path}.envFrom[${i}].secretRef`, secret: e.secretRef.name ?? '' });
        }
        // Ephemeral containers collapsed from several Pods share a name: the Pod keeps them apart.
        const detail = c.pod ? `${c.pod.name}/${c.name}` : c.name;
        const subject = containerSubject(w, c);
        if (!refs) {
          yield { status: 'pass', resource: w.ref, detail, path: c.path, message: `${subject} takes no Secret through environment variables.` };
          continue;
        }
        const secrets = [...new Set(refs.map((r) => r.secret))];
        yield {
          status: 'fail',
          resource: w.ref,
          detail,
          path: refs[0]!.path,
          message: `${subject} receives Secret ${secrets.join(', ')} as environment variables; mount ${secrets.length === 1 ? 'it' : 'them'} as a volume instead.`,
          evidence: { references: refs },
        };
      }
    }
  },
};
