import type { Check, CheckResult } from '../types';
import { containerSubject } from '../workloads/_shared/workload';
import { credentialKindOf, type CredentialKind } from '../../k8s/credential-values';
import { isReferenceOrPlaceholder, looksLikeSecretName } from '../../k8s/secret-names';

export const check: Check = {
  id: 'hardcoded-secret-in-env',
  title: 'Credential written in plain text in a container environment variable',
  section: 'secrets',
  severity: 'high',
  reads: ['workloads'],
  guideRef: '6.5',
  description:
    'For every container of every workload, looks for env[] entries with a literal value whose name ends in a credential word (PASSWORD, PASSWD, PWD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIALS, ..., also run together as in PGPASSWORD or NGROK_AUTHTOKEN, and provider names such as AZURE_STORAGE_KEY, OCI_CLI_KEY_CONTENT or GOOGLE_APPLICATION_CREDENTIALS_JSON), ' +
    'and for literal values that are a credential whatever the variable is called: PEM private keys, AWS access key ids, GitHub / GitLab / Slack / Stripe tokens, JWTs, Bearer values, URLs and connection strings carrying a password or account key. ' +
    'Names that point at or identify a credential (…_FILE, …_PATH, …_URL, …_NAME, …_ID), etcd\'s ETCD_INITIAL_CLUSTER_TOKEN (a bootstrap id that grants no access) and values that are empty, a $(VAR) reference, a template or placeholder (<…>, INSERT_… / REPLACE_… / YOUR_… fill-in markers, the variable\'s own name), a file path or a secret-manager reference are ignored. ' +
    'The value is never shown: findings give only the variable name and a mask.',
  rationale:
    'A credential written into a manifest is readable by everyone who can read the workload or its source repository, ends up in Git history, and cannot be rotated without a redeploy (guide 6.5 and 6.6).',
  remediation: {
    steps: [
      'Rotate the exposed credential: it must be considered leaked.',
      'Store the new value in a Secret (or an external secret store) and mount it as a file; if the application only reads environment variables, use valueFrom.secretKeyRef.',
      'Remove the literal value from the manifest and from the source repository history.',
    ],
    kubectl: 'kubectl -n <namespace> create secret generic <name> --from-literal=<key>=<new-value>',
  },
  *evaluate(ctx): Generator<CheckResult> {
    for (const w of ctx.workloads) {
      for (const c of w.containers) {
        let hits: { variable: string; path: string; kind?: CredentialKind }[] | undefined;
        const env = c.spec.env ?? [];
        for (let i = 0; i < env.length; i++) {
          const e = env[i]!;
          if (e.valueFrom || typeof e.value !== 'string') continue;
          const kind = credentialKindOf(e.value);
          if (kind === undefined && (!looksLikeSecretName(e.name) || isReferenceOrPlaceholder(e.value, e.name))) continue;
          (hits ??= []).push({ variable: e.name, path: `${c.path}.env[${i}].value`, ...(kind ? { kind } : {}) });
        }
        // Ephemeral containers collapsed from several Pods share a name: the Pod keeps them apart.
        const detail = c.pod ? `${c.pod.name}/${c.name}` : c.name;
        const subject = containerSubject(w, c);
        if (!hits) {
          yield { status: 'pass', resource: w.ref, detail, path: c.path, message: `${subject} has no credential written into its environment.` };
          continue;
        }
        yield {
          status: 'fail',
          resource: w.ref,
          detail,
          path: hits[0]!.path,
          message: `${subject} has a literal credential in ${hits.map((h) => h.variable).join(', ')} (value hidden).`,
          evidence: { variables: hits.map((h) => ({ name: h.variable, path: h.path, ...(h.kind ? { kind: h.kind } : {}), value: '********' })) },
        };
      }
    }
  },
};
