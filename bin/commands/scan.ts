/**
 * `rampart scan`: scan a live cluster, a directory of manifests or a `kubectl get -o json` dump
 * against the hardening guide, without a database or server.
 *
 *   rampart scan --kubeconfig ~/.kube/config [--context NAME]
 *   rampart scan --manifests ./deploy
 *   rampart scan --dump cluster.json
 *     [--format table|json|sarif] [--output FILE] [--fail-on critical|high|medium|low]
 *     [--trusted-registry REGISTRY...] [--framework cis-1.10|nsa-cisa|pss|guide ...]
 *
 * Exit codes: 0 scan done (no finding at or above --fail-on), 1 error (bad arguments, cluster
 * unreachable / unauthorized, unreadable input), 2 findings at or above --fail-on exist.
 */
import { writeFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { Command, Option } from 'commander';
import { CHECKS } from '@/lib/checks/index';
import { compareSeverity, type Severity } from '@/lib/vocabulary';
import { FRAMEWORK_IDS, type FrameworkId } from '@/lib/frameworks/types';
import { frameworksBlock, renderFrameworkText } from '@/lib/frameworks/scan-block';
import { collectClusterSnapshot, CollectError } from '@/lib/k8s/collect/index';
import { loadDump } from '@/lib/k8s/load/dump';
import { loadManifests, type LoadResult } from '@/lib/k8s/load/manifests';
import type { ClusterSnapshot } from '@/lib/k8s/snapshot';
import { toSarif } from '@/lib/reports/sarif';
import { toScanJson } from '@/lib/reports/scan-json';
import { renderTable } from '@/lib/reports/table';
import { defaultClusterKey, evaluateSnapshot, scorableResults } from '@/lib/evaluation/evaluate';
import type { ScanOutcome } from '@/lib/evaluation/outcome';
import { RAMPART_VERSION } from '@/lib/version';
import { getConfig } from '@/lib/config';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_THRESHOLD = 2;

export interface ScanCommandOptions {
  kubeconfig?: string;
  context?: string;
  manifests?: string;
  dump?: string;
  format: 'table' | 'json' | 'sarif';
  failOn?: Exclude<Severity, 'info'>;
  output?: string;
  trustedRegistry?: string[];
  timeout?: number;
  pageSize?: number;
  /** Colour the table: auto (a terminal, unless NO_COLOR is set), always, never. */
  color?: 'auto' | 'always' | 'never';
  /** Compliance frameworks to report per control (additive `frameworks` block / per-control table). */
  framework?: FrameworkId[];
}

export interface ScanIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Show collection progress on stderr. */
  progress: boolean;
  /** stdout is a terminal (the table is coloured there unless --color never or NO_COLOR). */
  tty?: boolean;
}

/** True when a failing finding is at or above the threshold severity. */
export function exceedsThreshold(severities: Iterable<Severity>, failOn: Severity): boolean {
  for (const s of severities) if (compareSeverity(s, failOn) <= 0) return true;
  return false;
}

async function loadSnapshot(opts: ScanCommandOptions, io: ScanIo): Promise<{ snapshot: ClusterSnapshot; load?: LoadResult }> {
  if (opts.manifests) {
    const load = loadManifests(opts.manifests);
    return { snapshot: load.snapshot, load };
  }
  if (opts.dump) {
    const load = loadDump(opts.dump);
    return { snapshot: load.snapshot, load };
  }
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(opts.kubeconfig as string);
  } catch (e) {
    throw new UsageError(`cannot read kubeconfig ${opts.kubeconfig}: ${(e as Error).message}`);
  }
  if (opts.context) {
    if (!kc.getContexts().some((c) => c.name === opts.context)) {
      const names = kc.getContexts().map((c) => c.name).join(', ') || 'none';
      throw new UsageError(`context "${opts.context}" is not in ${opts.kubeconfig} (contexts: ${names})`);
    }
    kc.setCurrentContext(opts.context);
  }
  const snapshot = await collectClusterSnapshot(kc, {
    timeoutMs: opts.timeout,
    pageSize: opts.pageSize,
    onProgress: io.progress ? (p) => io.stderr(`  collecting ${p.index}/${p.total} ${p.kind} (${p.objects} objects so far)\n`) : undefined,
  });
  return { snapshot };
}

class UsageError extends Error {}

/** Colour only for a terminal (or when asked), never into a file, and never with NO_COLOR (no-color.org). */
function useColor(opts: ScanCommandOptions, io: ScanIo): boolean {
  if (opts.output) return false;
  if (opts.color === 'always') return true;
  if (opts.color === 'never') return false;
  return io.tty === true && !getConfig().NO_COLOR;
}

/** Runs one scan; returns the exit code. Never throws for expected failures (they are printed). */
export async function runScan(opts: ScanCommandOptions, io: ScanIo): Promise<number> {
  const sources = [opts.kubeconfig, opts.manifests, opts.dump].filter((s) => s !== undefined);
  if (sources.length !== 1) {
    io.stderr('error: give exactly one of --kubeconfig PATH, --manifests PATH or --dump FILE\n');
    return EXIT_ERROR;
  }
  if (opts.context && !opts.kubeconfig) {
    io.stderr('error: --context needs --kubeconfig\n');
    return EXIT_ERROR;
  }
  let snapshot: ClusterSnapshot;
  let load: LoadResult | undefined;
  try {
    ({ snapshot, load } = await loadSnapshot(opts, io));
  } catch (e) {
    if (e instanceof CollectError) io.stderr(`error: cluster scan failed (${e.code}): ${e.message}\n`);
    else if (e instanceof UsageError) io.stderr(`error: ${e.message}\n`);
    else io.stderr(`error: ${(e as Error).message}\n`);
    return EXIT_ERROR;
  }
  for (const err of load?.errors ?? []) io.stderr(`warning: ${err.file}:${err.line}: ${err.message} (document skipped)\n`);

  const evaluation = evaluateSnapshot(snapshot, { trustedRegistries: opts.trustedRegistry ?? [] });
  const outcome: ScanOutcome = {
    source: snapshot.source,
    scannedAt: new Date().toISOString(),
    serverVersion: snapshot.serverVersion,
    checks: CHECKS,
    evaluation,
    gaps: snapshot.coverage.gaps,
    loadErrors: load?.errors ?? [],
    locations: load?.locations,
    clusterKey: defaultClusterKey(snapshot),
  };
  const frameworks = opts.framework?.length ? frameworksBlock([...new Set(opts.framework)], scorableResults(evaluation), snapshot.coverage.gaps) : undefined;
  const text =
    opts.format === 'json'
      ? JSON.stringify({ ...toScanJson(outcome), ...(frameworks ? { frameworks } : {}) }, null, 2) + '\n'
      : opts.format === 'sarif'
        ? JSON.stringify(toSarif(outcome, RAMPART_VERSION), null, 2) + '\n'
        : renderTable(outcome, { color: useColor(opts, io) }) + Object.entries(frameworks ?? {}).map(([id, block]) => renderFrameworkText(id, block)).join('');
  if (opts.output) {
    try {
      writeFileSync(opts.output, text);
    } catch (e) {
      io.stderr(`error: cannot write ${opts.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return EXIT_ERROR;
    }
    const s = evaluation.score.overall;
    io.stderr(`Wrote ${opts.format} report to ${opts.output} (score ${s.score}, grade ${s.grade}, ${s.failed} failing).\n`);
  } else {
    io.stdout(text);
  }
  if (opts.failOn) {
    const failing = evaluation.results.filter((r) => r.status === 'fail').map((r) => r.severity);
    if (exceedsThreshold(failing, opts.failOn)) {
      io.stderr(`Findings at or above severity "${opts.failOn}" exist: exit code ${EXIT_THRESHOLD}.\n`);
      return EXIT_THRESHOLD;
    }
  }
  return EXIT_OK;
}

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
    return n;
  };
}

export function register(program: Command): void {
  program
    .command('scan')
    .description('Scan a cluster, a manifest directory or a kubectl dump against the hardening guide (no database needed).')
    .option('--kubeconfig <path>', 'kubeconfig of the cluster to scan (live scan)')
    .option('--context <name>', 'kubeconfig context to use (default: current-context)')
    .option('--manifests <path>', 'directory (recursive) or file of YAML/JSON manifests, Helm-rendered output included')
    .option('--dump <file>', 'output of `kubectl get <kinds> -A -o json` (one or several concatenated)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'sarif']).default('table'))
    .addOption(new Option('--fail-on <severity>', 'exit with code 2 when a finding at or above this severity exists').choices(['critical', 'high', 'medium', 'low']))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--framework <id...>', 'report each control of these compliance frameworks (JSON: additive `frameworks` block; table: a per-control table)').choices([...FRAMEWORK_IDS]))
    .option('--trusted-registry <registry...>', 'registries images may come from (enables the untrusted-registry check)')
    .option('--timeout <ms>', 'timeout of each API call in ms (live scan, default 30000)', positiveInt('--timeout'))
    .option('--page-size <n>', 'items per list page (live scan, default 500)', positiveInt('--page-size'))
    .addOption(new Option('--color <when>', 'colour the table: auto (a terminal, unless NO_COLOR is set), always, never').choices(['auto', 'always', 'never']).default('auto'))
    .addHelpText(
      'after',
      '\nExit codes:\n  0  scan completed (and no finding at or above --fail-on)\n  1  error: bad arguments, cluster unreachable or credentials rejected, unreadable input\n  2  findings at or above the --fail-on severity exist\n\nJSON output is a stable contract (schemaVersion 1); SARIF 2.1.0 output can be uploaded to GitHub code scanning.',
    )
    .action(async (opts: ScanCommandOptions) => {
      const code = await runScan(opts, {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
        progress: process.stderr.isTTY === true,
        tty: process.stdout.isTTY === true,
      });
      process.exitCode = code;
    });
}
