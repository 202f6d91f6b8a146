import type { Check } from '../types';
import { parseImageRef } from '../../k8s/image-ref';
import { containerResult, describeContainer, describeWorkload } from '../workloads/_shared/workload';
import { normalizeRegistryEntry, trustedBy } from './_shared/registries';

export const check: Check = {
  id: 'image-untrusted-registry',
  title: 'Image from an untrusted registry',
  section: 'images',
  severity: 'high',
  reads: ['workloads'],
  guideRef: '4.5',
  description:
    'Compares the registry and repository of every container image with the trusted registries in the scan settings (entries such as registry.example.com, ghcr.io/acme or docker.io/library; a * matches within one name segment, as in *.dkr.ecr.eu-west-1.amazonaws.com). ' +
    'Names are normalised the way the runtime reads them: an image without a registry comes from docker.io, and a single-name image such as nginx is docker.io/library/nginx. ' +
    'The check stays silent (no results) until at least one trusted registry is configured. System namespaces are not assessed: their images come from the Kubernetes distribution.',
  rationale:
    'The guide asks to use private registries and to require that only images from them can be deployed (4.5). An image from an arbitrary public repository has unknown provenance, may be replaced by its publisher at any time and bypasses the scanning and signing done in your own pipeline.',
  remediation: {
    steps: [
      'Mirror the image into a trusted registry (after scanning it) and reference it there.',
      'If the registry is legitimately trusted, an administrator adds it under Settings › Scanning › Trusted registries.',
      'Enforce the allow-list at admission with a policy engine (Kyverno, Gatekeeper) or ValidatingAdmissionPolicy.',
    ],
  },
  *evaluate(ctx) {
    const entries = ctx.settings.trustedRegistries.map(normalizeRegistryEntry).filter(Boolean);
    if (entries.length === 0) return;
    for (const w of ctx.workloads) {
      if (w.isSystem) continue;
      for (const c of w.containers) {
        const ref = parseImageRef(c.image);
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const path = `${c.path}.image`;
        const evidence = { registry: ref.registry, repository: ref.repository, trustedRegistries: entries };
        const match = trustedBy(ref, entries);
        if (match) {
          yield containerResult(w, c, 'pass', `${subject} pulls ${ref.registry}/${ref.repository} from trusted ${match}.`, { path, evidence: { ...evidence, matched: match } });
        } else {
          yield containerResult(w, c, 'fail', `${subject} pulls ${ref.registry}/${ref.repository}, which is not in a trusted registry.`, { path, evidence });
        }
      }
    }
  },
};
