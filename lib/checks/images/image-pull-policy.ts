import type { Check } from '../types';
import { parseImageRef } from '../../k8s/image-ref';
import { containerPatch, containerResult, describeContainer, describeWorkload } from '../workloads/_shared/workload';

/** Whether the API server runs the AlwaysPullImages admission plugin (it then forces Always on every container). */
function alwaysPullImagesEnabled(flags: Record<string, string> | undefined): boolean {
  const plugins = flags?.['enable-admission-plugins'] ?? flags?.['admission-control'];
  return plugins !== undefined && plugins.split(',').some((p) => p.trim() === 'AlwaysPullImages');
}

export const check: Check = {
  id: 'image-pull-policy',
  title: 'Mutable image tag without imagePullPolicy Always',
  section: 'images',
  severity: 'low',
  reads: ['workloads'],
  guideRef: '4.6',
  description:
    'For every container whose image is referenced by a tag (not a digest), checks that the effective imagePullPolicy is Always. When the field is unset Kubernetes defaults it to Always only for :latest or untagged images and to IfNotPresent for any other tag, so an unset policy on a version tag fails. ' +
    'Digest-pinned images pass with any policy, since their content cannot change. If the API server enables the AlwaysPullImages admission plugin (guide 5.2) every container passes, since the plugin forces Always. System namespaces are not assessed.',
  rationale:
    'With IfNotPresent a node reuses whatever image it cached under that tag: a re-pushed tag runs different code on different nodes, and any pod on the node can start a private image that another pod pulled with credentials it does not have. Pulling always (or pinning digests) makes the registry, its access control and its scanning authoritative (guide 4.6, 5.2 AlwaysPullImages).',
  remediation: {
    steps: [
      'Prefer pinning the image by digest; then the pull policy does not matter for integrity.',
      'Otherwise set imagePullPolicy: Always on the container.',
      'Cluster-wide: enable the AlwaysPullImages admission plugin on the API server.',
    ],
    patch: 'spec:\n  template:\n    spec:\n      containers:\n        - name: <container>\n          imagePullPolicy: Always\n',
  },
  *evaluate(ctx) {
    const apiServer = ctx.snapshot.controlPlane.find((c) => c.component === 'kube-apiserver');
    const forced = alwaysPullImagesEnabled(apiServer?.flags);
    for (const w of ctx.workloads) {
      if (w.isSystem) continue;
      for (const c of w.containers) {
        const ref = parseImageRef(c.image);
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const path = c.spec.imagePullPolicy ? `${c.path}.imagePullPolicy` : c.path;
        const evidence = { imagePullPolicy: c.spec.imagePullPolicy ?? null, effectiveImagePullPolicy: c.effectiveImagePullPolicy, tag: ref.tag ?? null, digest: ref.digest ?? null };
        if (ref.digest) {
          yield containerResult(w, c, 'pass', `${subject} pins its image by digest, so cached copies are identical.`, { path, evidence });
        } else if (forced) {
          yield containerResult(w, c, 'pass', `${subject} is pulled on every start: the AlwaysPullImages admission plugin is enabled.`, { path, evidence: { ...evidence, alwaysPullImages: true } });
        } else if (c.effectiveImagePullPolicy === 'Always') {
          yield containerResult(w, c, 'pass', `${subject} pulls its image on every start (imagePullPolicy Always).`, { path, evidence });
        } else {
          yield containerResult(
            w,
            c,
            'fail',
            c.spec.imagePullPolicy
              ? `${subject} uses the mutable tag ${c.image} with imagePullPolicy ${c.effectiveImagePullPolicy}, so nodes may run a stale or unauthorised cached image.`
              : `${subject} uses the mutable tag ${c.image} and no imagePullPolicy, which Kubernetes defaults to IfNotPresent for this tag.`,
            { path, evidence, patch: containerPatch(w, c, { imagePullPolicy: 'Always' }) },
          );
        }
      }
    }
  },
};
