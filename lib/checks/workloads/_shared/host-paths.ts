/**
 * Which host paths give a container control of the node when mounted. A path is sensitive when
 * it is one of these files or directories, lies inside one of the sensitive trees, or contains
 * one of them (mounting /var exposes /var/run/docker.sock).
 */

/** Files whose mount alone hands over the node: container runtime sockets and credentials. */
const SENSITIVE_FILES = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
  // Podman's API socket (rootful): Docker-compatible, it starts privileged containers as root.
  '/var/run/podman/podman.sock',
  '/run/podman/podman.sock',
];

/** Trees where any mounted path is sensitive (host configuration, kernel interfaces, node credentials, runtime state). */
const SENSITIVE_TREES = [
  '/etc',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/root',
  '/home',
  '/usr',
  '/lib',
  '/bin',
  '/sbin',
  '/var/lib/kubelet',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/containers',
  '/var/lib/etcd',
  '/var/log',
  '/run/containerd',
  '/var/run/containerd',
  '/run/crio',
  '/var/run/crio',
];

/** Runtime socket file names, wherever they are mounted from. */
const SOCKET_NAMES = ['docker.sock', 'containerd.sock', 'crio.sock', 'cri-dockerd.sock', 'dockershim.sock', 'podman.sock'];

/** Normalises a host path: collapses duplicate slashes and `.`, drops a trailing slash. */
export function normalizeHostPath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function within(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

/** Windows named pipes of container runtimes (`\\.\pipe\docker_engine`): the Windows runtime sockets. */
const WINDOWS_RUNTIME_PIPES = /^(docker_engine|containerd-containerd|cri-dockerd|dockershim)$/i;
/** Windows trees (drive stripped, lower case) that hold the OS, node credentials or runtime state. */
const WINDOWS_SENSITIVE_TREES = ['/windows', '/programdata/docker', '/programdata/containerd', '/k', '/users'];

/** A Windows host path (`C:\\var\\log`, `\\.\pipe\name`) judged like a Linux one. */
function windowsHostPathReason(rawPath: string): string | undefined {
  const pipe = /^[\\/]{2}\.[\\/]pipe[\\/](.+)$/i.exec(rawPath.trim());
  if (pipe) return WINDOWS_RUNTIME_PIPES.test(pipe[1]!) ? 'container runtime named pipe: full control of every container on the node' : undefined;
  const drive = /^[a-z]:([\\/].*)?$/i.exec(rawPath.trim());
  if (!drive) return undefined;
  const path = normalizeHostPath((drive[1] ?? '/').replace(/\\/g, '/').toLowerCase());
  if (path === '/') return 'the whole host filesystem';
  for (const tree of WINDOWS_SENSITIVE_TREES) {
    if (within(path, tree)) return `inside ${tree}`;
  }
  return linuxHostPathReason(path);
}

/** Why a host path is sensitive, or undefined when it is not (Linux paths, and Windows drive paths and named pipes). */
export function sensitiveHostPathReason(rawPath: string): string | undefined {
  if (/^([a-z]:|[\\/]{2}\.[\\/]pipe[\\/])/i.test(rawPath.trim())) return windowsHostPathReason(rawPath);
  return linuxHostPathReason(rawPath);
}

function linuxHostPathReason(rawPath: string): string | undefined {
  const path = normalizeHostPath(rawPath);
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (SOCKET_NAMES.includes(base) || SENSITIVE_FILES.includes(path)) return 'container runtime socket: full control of every container on the node';
  if (path === '/') return 'the whole host filesystem';
  for (const tree of SENSITIVE_TREES) {
    if (within(path, tree)) return `inside ${tree}`;
  }
  for (const target of [...SENSITIVE_FILES, ...SENSITIVE_TREES]) {
    if (within(target, path)) return `contains ${target}`;
  }
  return undefined;
}
