import type { Check } from '../types';
import { parseImageRef } from '../../k8s/image-ref';
import { containerResult, describeContainer, describeWorkload } from '../workloads/_shared/workload';

export const check: Check = {
  id: 'image-not-pinned-by-digest',
  title: 'Image not pinned by digest',
  section: 'images',
  severity: 'low',
  reads: ['workloads'],
  guideRef: '4.6',
  description:
    'Fails every container whose image reference has no well-formed digest (@sha256: and 64 lower-case hex digits, or sha384 / sha512 of their length), whatever its tag; a malformed one (@sha256:abc, upper-case hex, name:tag@latest) pins nothing. ' +
    'System namespaces are not assessed: their images are chosen and updated by the Kubernetes distribution.',
  rationale:
    'A tag is a pointer that anyone with push access to the repository can move; a digest identifies exactly one image. Pinning by digest is the guide\'s way to be certain which image is deployed (4.6) and a precondition for verifying what runs against what was scanned and signed (4.7).',
  remediation: {
    steps: [
      'Resolve the tag to its digest (crane digest <image>:<tag> or docker buildx imagetools inspect) and reference <image>:<tag>@sha256:<digest>.',
      'Let CI or a tool such as Renovate write and update digests in the manifests.',
    ],
    kubectl: 'kubectl -n <namespace> set image <kind>/<name> <container>=<image>:<tag>@sha256:<digest>',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.isSystem) continue;
      for (const c of w.containers) {
        const ref = parseImageRef(c.image);
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const path = `${c.path}.image`;
        if (ref.digest) {
          yield containerResult(w, c, 'pass', `${subject} pins its image by digest.`, { path, evidence: { digest: ref.digest } });
        } else if (ref.invalidDigest !== undefined) {
          yield containerResult(w, c, 'fail', `${subject} references ${c.image}, whose "@${ref.invalidDigest}" is not a valid digest (algorithm and lower-case hex of its full length), so it pins nothing.`, {
            path,
            evidence: { tag: ref.tag ?? null, invalidDigest: ref.invalidDigest },
          });
        } else {
          yield containerResult(w, c, 'fail', `${subject} references ${c.image} by tag only; the image behind it can change.`, { path, evidence: { tag: ref.tag ?? null } });
        }
      }
    }
  },
};
