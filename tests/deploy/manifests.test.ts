/**
 * The static manifests under deploy/ agree with the code: the scanner ClusterRole grants exactly
 * what lib/k8s/collect lists (minus the opt-in add-ons), every pod is hardened the same way,
 * and no Secret with values is committed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { OPT_IN_RULES, allScannerRules, baseScannerRules, type PolicyRule } from '@/lib/deploy/scanner-rbac';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEPLOY = path.join(ROOT, 'deploy');

type Doc = Record<string, unknown> & { kind?: string; metadata?: { name?: string; namespace?: string }; rules?: PolicyRule[] };

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}
const docsOf = (file: string): Doc[] =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as Doc | null)
    .filter((d): d is Doc => d !== null);

/** (group, resource, verb) triples of rules, sorted: order and grouping do not matter. */
function triples(rules: readonly PolicyRule[]): string[] {
  return rules.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => `${g}|${res}|${v}`)))).sort();
}
const clusterRole = (file: string, name: string): Doc => {
  const doc = docsOf(path.join(DEPLOY, file)).find((d) => d.kind === 'ClusterRole' && d.metadata?.name === name);
  if (!doc) throw new Error(`ClusterRole ${name} not in ${file}`);
  return doc;
};

describe('scanner RBAC in deploy/', () => {
  it('the base ClusterRole grants exactly the collector\'s lists, minus the opt-in grants', () => {
    expect(triples(clusterRole('base/rbac.yaml', 'rampart-scanner').rules ?? [])).toEqual(triples(baseScannerRules()));
  });

  it('base + the two add-ons grant everything the collector can use, and nothing else', () => {
    const all = [
      ...(clusterRole('base/rbac.yaml', 'rampart-scanner').rules ?? []),
      ...(clusterRole('addons/secrets-metadata/rbac.yaml', 'rampart-scanner-secrets-metadata').rules ?? []),
      ...(clusterRole('addons/kubelet-configz/rbac.yaml', 'rampart-scanner-kubelet-configz').rules ?? []),
    ];
    expect(triples(all)).toEqual(triples(allScannerRules()));
    expect(triples(clusterRole('addons/secrets-metadata/rbac.yaml', 'rampart-scanner-secrets-metadata').rules ?? [])).toEqual(triples([OPT_IN_RULES['secrets-metadata']]));
    expect(triples(clusterRole('addons/kubelet-configz/rbac.yaml', 'rampart-scanner-kubelet-configz').rules ?? [])).toEqual(triples([OPT_IN_RULES['kubelet-configz']]));
  });

  it('the base ClusterRole never grants secrets, nodes/proxy, writes or wildcards', () => {
    const t = triples(clusterRole('base/rbac.yaml', 'rampart-scanner').rules ?? []);
    expect(t.some((x) => x.includes('|secrets|') || x.includes('nodes/proxy') || x.includes('*'))).toBe(false);
    expect(t.every((x) => x.endsWith('|list'))).toBe(true);
  });

  it('no Secret object is committed under deploy/', () => {
    const secrets = yamlFiles(DEPLOY).flatMap((f) => docsOf(f).filter((d) => d.kind === 'Secret').map((d) => `${path.relative(ROOT, f)}: ${d.metadata?.name}`));
    expect(secrets).toEqual([]);
  });

  it('every pod template is hardened (non-root 10001, read-only root, no escalation, ALL dropped, seccomp, limits)', () => {
    // Overlays only patch these (replicas, image, env); tests/deploy/dogfood.test.ts scans the rendered result.
    const workloads = [...yamlFiles(path.join(DEPLOY, 'base')), ...yamlFiles(path.join(DEPLOY, 'migrate-job'))]
      .flatMap(docsOf)
      .filter((d) => d.kind === 'Deployment' || d.kind === 'Job');
    expect(workloads.map((w) => w.metadata?.name).sort()).toEqual(['rampart-migrate', 'rampart-web', 'rampart-worker']);
    for (const w of workloads) {
      const spec = (w as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec as {
        automountServiceAccountToken?: boolean;
        serviceAccountName?: string;
        securityContext: Record<string, unknown>;
        containers: Array<{ securityContext: Record<string, unknown>; resources: { requests?: object; limits?: Record<string, string> } }>;
      };
      expect(spec.automountServiceAccountToken, w.metadata?.name).toBe(false);
      expect(spec.serviceAccountName).toMatch(/^rampart/);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of spec.containers) {
        expect(c.securityContext).toMatchObject({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.resources.requests).toBeDefined();
        expect(Object.keys(c.resources.limits ?? {})).toEqual(expect.arrayContaining(['cpu', 'memory']));
      }
    }
  });
});
