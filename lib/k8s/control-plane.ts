/**
 * Control-plane settings from static pods: finds the kube-apiserver, etcd,
 * kube-controller-manager and kube-scheduler pods in kube-system and parses their
 * command lines into flags. Used by the live collector and the manifest/dump loaders
 * when they build a ClusterSnapshot; checks read `snapshot.controlPlane`.
 */
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import type { ControlPlaneComponent, ControlPlaneComponentName } from './snapshot';

export const CONTROL_PLANE_COMPONENTS: readonly ControlPlaneComponentName[] = [
  'kube-apiserver',
  'etcd',
  'kube-controller-manager',
  'kube-scheduler',
];

const CONTROL_PLANE_NAMESPACE = 'kube-system';

/** Old hyperkube images ran `hyperkube apiserver` / `hyperkube kube-apiserver`. */
const HYPERKUBE_ALIASES: Record<string, ControlPlaneComponentName> = {
  apiserver: 'kube-apiserver',
  'kube-apiserver': 'kube-apiserver',
  'controller-manager': 'kube-controller-manager',
  'kube-controller-manager': 'kube-controller-manager',
  scheduler: 'kube-scheduler',
  'kube-scheduler': 'kube-scheduler',
};

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/**
 * Flags the Kubernetes components declare as string slices / string arrays (pflag). For
 * these a repeated flag does not replace the earlier value: the first occurrence replaces
 * the default and every later one appends to it (`--authorization-mode=Node
 * --authorization-mode=RBAC` is `Node,RBAC`).
 */
const LIST_FLAGS: ReadonlySet<string> = new Set([
  'admission-control',
  'api-audiences',
  'authorization-mode',
  'controllers',
  'disable-admission-plugins',
  'enable-admission-plugins',
  'etcd-servers',
  'service-account-issuer',
  'service-account-key-file',
  'tls-cipher-suites',
]);

/**
 * Parses a command line into flags the way the components' flag libraries read them:
 * `--name=value`, `--name value`, a bare `--name` is "true"; a single leading dash is
 * accepted too (etcd's Go `flag` package allows `-name`). The last occurrence of a
 * flag wins, except for the list flags above, whose occurrences are joined with commas.
 * Tokens that are not flags (the binary, a subcommand) are skipped, and parsing stops
 * at `--`. Values stay strings.
 */
export function parseFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  const set = (name: string, value: string): void => {
    const previous = flags[name];
    if (LIST_FLAGS.has(name) && previous !== undefined && previous.trim() !== '') {
      flags[name] = value.trim() === '' ? previous : `${previous},${value}`;
    } else {
      flags[name] = value;
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') break;
    if (!token.startsWith('-') || token === '-') continue;
    const body = token.replace(/^--?/, '');
    if (body === '') continue;
    const eq = body.indexOf('=');
    if (eq >= 0) {
      const name = body.slice(0, eq);
      if (name !== '') set(name, body.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && next !== '--' && !next.startsWith('-')) {
      set(body, next);
      i++;
    } else {
      set(body, 'true');
    }
  }
  return flags;
}

/** Splits a shell script into words, honouring simple single/double quotes and backslashes. */
function splitShellWords(script: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < script.length) current += script[++i];
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < script.length) {
      const next = script[++i];
      if (next !== '\n') {
        current += next;
        inWord = true;
      }
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

function basename(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 1] ?? path;
}

/**
 * The argv a container runs: command + args, or, for `sh -c "<script>"`, the words of
 * the script (some distributions start the component through a shell wrapper).
 */
export function containerArgv(container: V1Container): string[] {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  if (argv.length >= 3 && SHELLS.has(basename(argv[0])) && argv[1] === '-c') {
    return splitShellWords(argv.slice(2).join(' '));
  }
  return argv;
}

/** The index in argv of the component binary (or hyperkube), skipping wrappers and flag values. */
function binaryIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token.startsWith('-')) continue;
    const prev = i > 0 ? argv[i - 1] : undefined;
    // A word right after a bare `--name` is that flag's value, not a program.
    if (prev !== undefined && prev !== '--' && prev.startsWith('-') && !prev.includes('=')) continue;
    const bin = basename(token);
    if ((CONTROL_PLANE_COMPONENTS as readonly string[]).includes(bin) || bin === 'hyperkube') return i;
  }
  return -1;
}

/** Which component a container runs, judged by the binary it starts (command, else args). */
function componentOfContainer(container: V1Container): ControlPlaneComponentName | undefined {
  const argv = containerArgv(container);
  const index = binaryIndex(argv);
  if (index < 0) return undefined;
  const bin = basename(argv[index]);
  if (bin !== 'hyperkube') return bin as ControlPlaneComponentName;
  const sub = argv[index + 1];
  return sub !== undefined ? HYPERKUBE_ALIASES[sub] : undefined;
}

function isComponentName(value: unknown): value is ControlPlaneComponentName {
  return typeof value === 'string' && (CONTROL_PLANE_COMPONENTS as readonly string[]).includes(value);
}

/**
 * A pod only controlled by the kubelet (a static/mirror pod, or a manifest with no
 * owner): a Job or DaemonSet pod named `etcd-backup-...` is not the etcd server.
 */
function hasNoControllerOwner(pod: V1Pod): boolean {
  return (pod.metadata?.ownerReferences ?? []).every((ref) => ref.kind === 'Node');
}

function identify(pod: V1Pod): { component: ControlPlaneComponentName; containerIndex: number } | undefined {
  const containers = pod.spec?.containers ?? [];
  if (containers.length === 0) return undefined;
  const byBinary = containers.map(componentOfContainer);

  const pick = (component: ControlPlaneComponentName) => {
    let index = byBinary.indexOf(component);
    if (index < 0) index = containers.findIndex((c) => c.name === component);
    return { component, containerIndex: index < 0 ? 0 : index };
  };

  const label = pod.metadata?.labels?.component;
  if (isComponentName(label)) return pick(label);

  const binaryIndex = byBinary.findIndex((c) => c !== undefined);
  if (binaryIndex >= 0) return { component: byBinary[binaryIndex] as ControlPlaneComponentName, containerIndex: binaryIndex };

  const name = pod.metadata?.name ?? '';
  if (hasNoControllerOwner(pod)) {
    // Longest name first, so "kube-apiserver-" never loses to a shorter prefix.
    const byPrefix = [...CONTROL_PLANE_COMPONENTS]
      .sort((a, b) => b.length - a.length)
      .find((component) => name === component || name.startsWith(`${component}-`));
    if (byPrefix) return pick(byPrefix);
  }
  return undefined;
}

/** Drops a wrapper in front of the binary (`tini -- kube-apiserver ...`) so its flags are not read. */
function argvFromBinary(argv: string[]): string[] {
  const index = binaryIndex(argv);
  return index > 0 ? argv.slice(index) : argv;
}

/**
 * Finds the control-plane static pods among `pods` (only kube-system is considered)
 * and returns one entry per pod with the flags of the container running the component.
 * Identification: label `component: <name>` (kubeadm), else a container whose binary is
 * the component, else a pod name `<component>-<node>` on a pod no controller owns.
 */
export function extractControlPlane(pods: V1Pod[]): ControlPlaneComponent[] {
  const result: ControlPlaneComponent[] = [];
  for (const pod of pods) {
    const namespace = pod.metadata?.namespace;
    if (namespace !== CONTROL_PLANE_NAMESPACE) continue;
    const found = identify(pod);
    if (!found) continue;
    const container = pod.spec?.containers?.[found.containerIndex];
    if (!container) continue;
    result.push({
      component: found.component,
      pod: { namespace, name: pod.metadata?.name ?? found.component },
      containerIndex: found.containerIndex,
      flags: parseFlags(argvFromBinary(containerArgv(container))),
    });
  }
  return result.sort(
    (a, b) =>
      CONTROL_PLANE_COMPONENTS.indexOf(a.component) - CONTROL_PLANE_COMPONENTS.indexOf(b.component) ||
      a.pod.name.localeCompare(b.pod.name),
  );
}
