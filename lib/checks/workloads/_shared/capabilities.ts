/**
 * Linux capabilities as Pod Security Standards treat them. The baseline profile lets a
 * container add only the capabilities container runtimes grant by default anyway; any other
 * added capability widens what a process can do to the kernel and the host.
 */
export const BASELINE_ALLOWED_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/**
 * Capabilities with known container-escape or host-takeover paths: mounting filesystems and
 * cgroups (SYS_ADMIN), loading kernel modules (SYS_MODULE), raw I/O to devices (SYS_RAWIO),
 * tracing host processes (SYS_PTRACE), eBPF programs (BPF), reading arbitrary host files by
 * handle (DAC_READ_SEARCH), and ALL of them at once.
 */
export const ESCAPE_CAPABILITIES: ReadonlySet<string> = new Set(['ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_PTRACE', 'BPF', 'DAC_READ_SEARCH']);
