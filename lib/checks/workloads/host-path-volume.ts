import type { Check } from '../types';
import { describeWorkload, workloadResult } from './_shared/workload';
import { normalizeHostPath, sensitiveHostPathReason } from './_shared/host-paths';

export const check: Check = {
  id: 'host-path-volume',
  title: 'Workload mounts a hostPath volume',
  section: 'workloads',
  severity: 'high',
  reads: ['workloads'],
  guideRef: '5.5',
  description:
    'Lists the hostPath volumes of every workload, one result per volume (detail = volume name). Any hostPath fails at high severity; ' +
    'mounts of sensitive host paths are rated critical: container runtime sockets (docker.sock, containerd.sock, crio.sock, podman.sock), /, /etc, /proc, /sys, /dev, /root, /home, /boot, /usr, /var/lib/kubelet, /var/lib/docker, /var/lib/containerd, /var/lib/etcd, /var/log, anything inside them, and any directory containing them (such as /var or /run). On Windows nodes the runtime named pipes (\\\\.\\pipe\\docker_engine, containerd-containerd), a drive root and C:\\Windows, C:\\k, C:\\ProgramData\\docker|containerd are critical too. ' +
    'A workload without hostPath volumes passes. System namespaces are not assessed: node agents there (kube-proxy, CNI, CSI drivers) mount host paths by design.',
  rationale:
    'A hostPath volume puts a piece of the node inside the container. A runtime socket lets the container start privileged containers; /etc, /root or /var/lib/kubelet expose node credentials and configuration; even a read-only mount of /var/log has been used to read arbitrary host files. The guide asks for only the minimal host mounts (5.1, 5.5 "Limiting host volume mounts").',
  remediation: {
    steps: [
      'Replace the hostPath volume with an emptyDir, a ConfigMap/Secret, or a PersistentVolumeClaim.',
      'If host access is truly needed (a node agent), mount the narrowest path with readOnly: true and run the workload in a dedicated namespace with a documented exception.',
      'Enforce it with Pod Security Admission level baseline or restricted on the namespace.',
    ],
    patch: 'spec:\n  template:\n    spec:\n      volumes:\n        - name: <volume>\n          hostPath: null\n          emptyDir: {}\n',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.isSystem) continue;
      const volumes = w.podSpec.volumes ?? [];
      let found = false;
      for (const [index, volume] of volumes.entries()) {
        if (!volume.hostPath) continue;
        found = true;
        const hostPath = volume.hostPath.path ?? '';
        const reason = sensitiveHostPathReason(hostPath);
        // Which containers mount it, and whether every mount is read-only.
        const mounts = w.containers.flatMap((c) =>
          (c.spec.volumeMounts ?? []).filter((m) => m.name === volume.name).map((m) => ({ container: c.name, mountPath: m.mountPath, readOnly: m.readOnly === true })),
        );
        yield workloadResult(
          w,
          'fail',
          `${describeWorkload(w)} mounts the host path ${hostPath} (volume "${volume.name}")${reason ? `, which is sensitive: ${reason}` : ''}.`,
          {
            detail: volume.name,
            path: `${w.podSpecPath}.volumes[${index}].hostPath`,
            severity: reason ? 'critical' : 'high',
            evidence: { hostPath, normalizedPath: normalizeHostPath(hostPath), type: volume.hostPath.type ?? null, sensitive: reason ?? null, mounts },
          },
        );
      }
      if (!found) yield workloadResult(w, 'pass', `${describeWorkload(w)} mounts no host paths.`, { path: `${w.podSpecPath}.volumes` });
    }
  },
};
