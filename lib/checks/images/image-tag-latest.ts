import type { Check } from '../types';
import { parseImageRef } from '../../k8s/image-ref';
import { containerResult, describeContainer, describeWorkload } from '../workloads/_shared/workload';

export const check: Check = {
  id: 'image-tag-latest',
  title: 'Image uses the latest tag',
  section: 'images',
  severity: 'medium',
  reads: ['workloads'],
  guideRef: '4.6',
  description:
    'Fails every container (init and ephemeral too) whose image is tagged :latest or has no tag at all, which the runtime resolves to :latest. An image pinned by digest passes even when it also carries a tag, since the digest decides what runs. ' +
    'System namespaces are assessed too: a floating tag there is as much a mistake as anywhere.',
  rationale:
    'A latest (or missing) tag names whatever was pushed last: two nodes can run different code under the same spec, a rollback cannot return to a known version, and a compromised registry account changes production on the next pull. The guide recommends avoiding latest, at least in production, and referring to an exact version (4.6).',
  remediation: {
    steps: [
      'Reference an explicit version tag (for example nginx:1.27.2), or better the digest (nginx@sha256:...).',
      'Have CI write the exact tag or digest it built into the manifest.',
    ],
    kubectl: 'kubectl -n <namespace> set image <kind>/<name> <container>=<image>:<version>',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      for (const c of w.containers) {
        const ref = parseImageRef(c.image);
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const path = `${c.path}.image`;
        const evidence = { tag: ref.tag ?? null, digest: ref.digest ?? null };
        if (ref.digest) {
          yield (containerResult(w, c, 'pass', `${subject} pins its image by digest.`, { path, evidence }));
        } else if (ref.tag === undefined || ref.tag === 'latest') {
          yield (
            containerResult(w, c, 'fail', ref.tag ? `${subject} uses the mutable tag :latest (${c.image}).` : `${subject} uses ${c.image} without a tag, which means :latest.`, {
              path,
              evidence,
            })
);
        } else {
          yield (containerResult(w, c, 'pass', `${subject} uses the version tag :${ref.tag}.`, { path, evidence }));
        }
      }
    }
  },
};
