import type { Check, CheckResult, CheckContext } from '../types';
import type { GenericObject } from '../../k8s/snapshot';
import { parseImageRef, type ImageRef } from '../../k8s/image-ref';
import { containerResult, describeContainer, describeWorkload } from '../workloads/_shared/workload';

const LABEL_KIND = 'trivy-operator.resource.kind';
const LABEL_NAME = 'trivy-operator.resource.name';
const LABEL_NAMESPACE = 'trivy-operator.resource.namespace';
const LABEL_CONTAINER = 'trivy-operator.container.name';

interface ReportSummary {
  criticalCount: number;
  highCount: number;
  mediumCount: number;
  lowCount: number;
}

interface ReportView {
  name: string;
  kind: string;
  namespace: string;
  resourceName: string;
  container: string;
  /** Normalised registry/repository of the scanned image, when the report says. */
  image?: string;
  tag?: string;
  digest?: string;
  summary: ReportSummary;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

function readReport(r: GenericObject): ReportView | undefined {
  const labels = r.metadata?.labels ?? {};
  const kind = labels[LABEL_KIND];
  // A name that is not a valid label value (longer than 63 characters) is only hashed into a
  // `...resource.name-hash` label; Trivy Operator keeps the real name in an annotation of the
  // same key, and the report's controller reference names the resource too.
  const owner = r.metadata?.ownerReferences?.find((o) => o.controller === true && o.kind === kind);
  const resourceName = labels[LABEL_NAME] || r.metadata?.annotations?.[LABEL_NAME] || owner?.name;
  const container = labels[LABEL_CONTAINER];
  if (!kind || !resourceName || !container) return undefined;
  const report = obj(r.report);
  const artifact = obj(report.artifact);
  const registry = obj(report.registry);
  const summary = obj(report.summary);
  const repository = str(artifact.repository);
  let image: string | undefined;
  if (repository) {
    const server = str(registry.server);
    const parsed = parseImageRef(server ? `${server}/${repository}` : repository);
    image = `${parsed.registry}/${parsed.repository}`;
  }
  return {
    name: r.metadata?.name ?? '',
    kind,
    namespace: labels[LABEL_NAMESPACE] || r.metadata?.namespace || 'default',
    resourceName,
    container,
    image,
    tag: str(artifact.tag),
    digest: str(artifact.digest),
    summary: { criticalCount: num(summary.criticalCount), highCount: num(summary.highCount), mediumCount: num(summary.mediumCount), lowCount: num(summary.lowCount) },
  };
}

/** Whether a report was made for the image the container runs now (not for an earlier version). */
function reportMatchesImage(r: ReportView, ref: ImageRef): boolean {
  if (r.image === undefined) return true;
  if (r.image !== `${ref.registry}/${ref.repository}`) return false;
  if (ref.digest !== undefined && r.digest !== undefined) return r.digest === ref.digest;
  if (r.tag === undefined) return true;
  return r.tag === (ref.tag ?? 'latest');
}

/** Maps (kind, namespace, name) of any object in an ownership chain to its top-level workload key. */
function ownerResolver(ctx: CheckContext): (kind: string, ns: string, name: string) => string | undefined {
  const workloadKeys = new Set(ctx.workloads.map((w) => `${w.ref.kind}/${w.namespace}/${w.ref.name}`));
  // An Argo Rollout with workloadRef is represented by the Deployment whose template it runs.
  const standIns = new Map<string, string>();
  for (const w of ctx.workloads) for (const r of w.runBy ?? []) standIns.set(`${r.kind}/${r.namespace ?? w.namespace}/${r.name}`, `${w.ref.kind}/${w.namespace}/${w.ref.name}`);
  const workloadKeyOf = (key: string): string | undefined => (workloadKeys.has(key) ? key : standIns.get(key));
  const owners = new Map<string, { kind: string; name: string }>();
  const o = ctx.snapshot.objects;
  const index = (kind: string, items: Array<{ metadata?: { name?: string; namespace?: string; ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }> } }>) => {
    for (const item of items) {
      const ref = item.metadata?.ownerReferences?.find((r) => r.controller === true);
      if (ref) owners.set(`${kind}/${item.metadata?.namespace || 'default'}/${item.metadata?.name ?? ''}`, { kind: ref.kind, name: ref.name });
    }
  };
  index('Pod', o.pods);
  index('ReplicaSet', o.replicaSets);
  index('Job', o.jobs);
  index('ReplicationController', o.replicationControllers);
  const present = new Set<string>();
  for (const rs of o.replicaSets) present.add(`ReplicaSet/${rs.metadata?.namespace || 'default'}/${rs.metadata?.name ?? ''}`);
  for (const rc of o.replicationControllers) present.add(`ReplicationController/${rc.metadata?.namespace || 'default'}/${rc.metadata?.name ?? ''}`);
  for (const job of o.jobs) present.add(`Job/${job.metadata?.namespace || 'default'}/${job.metadata?.name ?? ''}`);
  /**
   * A ReplicaSet or Job that is not in the source at all (`kubectl get deploy,cronjob,vulnerabilityreports`)
   * still names its Deployment (`<deployment>-<pod-template-hash>`) or CronJob (`<cronjob>-<scheduled minutes>`).
   */
  const byConvention = (kind: string, ns: string, name: string): string | undefined => {
    if (present.has(`${kind}/${ns}/${name}`)) return undefined;
    const match = kind === 'ReplicaSet' ? /^(.+)-[a-z0-9]{1,10}$/.exec(name) : kind === 'Job' || kind === 'ReplicationController' ? /^(.+)-\d+$/.exec(name) : null;
    if (!match) return undefined;
    const candidates = { ReplicaSet: ['Deployment', 'Rollout'], Job: ['CronJob'], ReplicationController: ['DeploymentConfig'] }[kind] ?? [];
    for (const ownerKind of candidates) {
      const key = workloadKeyOf(`${ownerKind}/${ns}/${match[1]}`);
      if (key) return key;
    }
    return undefined;
  };
  return (kind, ns, name) => {
    let key = `${kind}/${ns}/${name}`;
    for (let hop = 0; hop < 4; hop++) {
      const found = workloadKeyOf(key);
      if (found) return found;
      const owner = owners.get(key);
      if (!owner) return hop === 0 ? byConvention(kind, ns, name) : undefined;
      key = `${owner.kind}/${ns}/${owner.name}`;
    }
    return undefined;
  };
}

export const check: Check = {
  id: 'image-known-vulnerabilities',
  title: 'Image has known critical or high vulnerabilities',
  section: 'images',
  severity: 'critical',
  reads: ['workloads', 'vulnerabilityReports'],
  guideRef: '4.1',
  description:
    'Reads the Trivy Operator VulnerabilityReports (aquasecurity.github.io/v1alpha1) in the snapshot and attributes each to the workload and container it was made for (its trivy-operator.resource.* and trivy-operator.container.name labels; a report about a ReplicaSet, Job or Pod is followed up to its Deployment or CronJob, by the controllers\' naming conventions when the ReplicaSet or Job itself is not in the source; a name too long for a label is read from the report\'s annotation). ' +
    'A container fails critical when its image has critical vulnerabilities, high when it has high ones, and passes otherwise. Reports about an image other than the one the container runs now (stale reports) are ignored. ' +
    'Not applicable, with no results, when the snapshot holds no VulnerabilityReports at all (no scanner installed or not readable); containers without a report get no result. System namespaces are assessed too.',
  rationale:
    'Images must not include known critical vulnerabilities (guide 4.1). A scan result is only useful if someone acts on it: a failed scan of an image already in production should alert operators so they rebuild and redeploy (4.3, 4.4).',
  remediation: {
    steps: [
      'Rebuild the image on a patched base image and updated dependencies, then redeploy (guide 4.3).',
      'Read the VulnerabilityReport (kubectl get vulnerabilityreports -n <namespace>) for the fixed versions.',
      'Fail CI builds and block admission of images with critical findings (guide 4.4).',
    ],
    kubectl: 'kubectl -n <namespace> get vulnerabilityreports -l trivy-operator.resource.name=<name> -o wide',
  },
  evaluate(ctx) {
    const reports = ctx.snapshot.objects.vulnerabilityReports.map(readReport).filter((r): r is ReportView => r !== undefined);
    if (reports.length === 0) return [];
    const resolveOwner = ownerResolver(ctx);
    const byContainer = new Map<string, ReportView[]>();
    for (const r of reports) {
      const owner = resolveOwner(r.kind, r.namespace, r.resourceName);
      if (!owner) continue;
      const key = `${owner}/${r.container}`;
      byContainer.set(key, [...(byContainer.get(key) ?? []), r]);
    }
    const results: CheckResult[] = [];
    for (const w of ctx.workloads) {
      for (const c of w.containers) {
        const candidates = byContainer.get(`${w.ref.kind}/${w.namespace}/${w.ref.name}/${c.name}`);
        if (!candidates) continue;
        const ref = parseImageRef(c.image);
        const current = candidates.filter((r) => reportMatchesImage(r, ref));
        if (current.length === 0) continue;
        const summary = current.reduce<ReportSummary>(
          (acc, r) => ({
            criticalCount: Math.max(acc.criticalCount, r.summary.criticalCount),
            highCount: Math.max(acc.highCount, r.summary.highCount),
            mediumCount: Math.max(acc.mediumCount, r.summary.mediumCount),
            lowCount: Math.max(acc.lowCount, r.summary.lowCount),
          }),
          { criticalCount: 0, highCount: 0, mediumCount: 0, lowCount: 0 },
        );
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const evidence = { ...summary, reports: current.map((r) => r.name), image: c.image };
        const path = `${c.path}.image`;
        if (summary.criticalCount > 0 || summary.highCount > 0) {
          results.push(
            containerResult(
              w,
              c,
              'fail',
              `${subject} runs ${c.image} with ${summary.criticalCount} critical and ${summary.highCount} high known vulnerabilities.`,
              { path, evidence, severity: summary.criticalCount > 0 ? 'critical' : 'high' },
            ),
          );
        } else {
          results.push(containerResult(w, c, 'pass', `${subject} runs ${c.image}, with no critical or high known vulnerabilities.`, { path, evidence }));
        }
      }
    }
    return results;
  },
};
