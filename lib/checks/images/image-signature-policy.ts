import type { V1MutatingWebhookConfiguration, V1ValidatingWebhookConfiguration } from '@kubernetes/client-node';
import type { GenericObject } from '../../k8s/snapshot';
import { clusterResource, type Check, type CheckResult } from '../types';

interface Verifier {
  /** `Kind namespace/name` of the object that shows image verification. */
  source: string;
  /** Which tool. */
  tool: string;
  /** False when the policy only audits or warns instead of rejecting. */
  enforcing: boolean;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const group = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');
const label = (p: GenericObject): string => `${p.kind} ${p.metadata?.namespace ? `${p.metadata.namespace}/` : ''}${p.metadata?.name ?? ''}`;
const isEnforce = (v: unknown): boolean => typeof v === 'string' && v.toLowerCase() === 'enforce';

/**
 * Kyverno ClusterPolicy / Policy with verifyImages rules. A verifyImages entry's own failureAction
 * (Kyverno 1.13+) decides for its rule (any entry with Enforce makes the rule enforce, otherwise an
 * entry's Audit wins); only when no entry sets one does the policy-level validationFailureAction
 * (or an Enforce override for some namespaces) apply. Kyverno's default is Audit.
 */
function kyvernoVerifier(p: GenericObject): Verifier | undefined {
  const spec = obj(p.spec);
  const rules = arr(spec.rules).map(obj).filter((r) => arr(r.verifyImages).length > 0);
  if (rules.length === 0) return undefined;
  const policyEnforces = isEnforce(spec.validationFailureAction) || arr(spec.validationFailureActionOverrides).some((o) => isEnforce(obj(o).action));
  const ruleEnforces = (r: Record<string, unknown>): boolean => {
    const actions = arr(r.verifyImages).map((v) => obj(v).failureAction).filter((a) => typeof a === 'string' && a !== '');
    return actions.length > 0 ? actions.some(isEnforce) : policyEnforces;
  };
  return { source: label(p), tool: 'Kyverno', enforcing: rules.some(ruleEnforces) };
}

/** Gatekeeper constraint kinds that verify image signatures (Ratify's RatifyVerification, cosign / notation templates), not just any kind with "verify" in it. */
const SIGNATURE_CONSTRAINT_KIND = /ratify|signature|signed|cosign|notation|notary|sigstore|imageverif|verifyimage|verifiedimage/i;

/** Portieris and its predecessor, IBM Container Image Security Enforcement (same policy shape). */
const PORTIERIS_GROUPS = new Set(['portieris.cloud.ibm.com', 'securityenforcement.admission.cloud.ibm.com']);
const isPortieris = (p: GenericObject): boolean => PORTIERIS_GROUPS.has(group(p.apiVersion ?? '')) && (p.kind === 'ClusterImagePolicy' || p.kind === 'ImagePolicy');

/**
 * A Portieris (Cluster)ImagePolicy verifies signatures only where a repository's policy turns on
 * Notary trust (`trust.enabled: true`) or requires a simple-signing `signedBy`; an empty policy
 * (Portieris's installed default for `*`) admits the image with no check at all.
 */
function portierisVerifies(p: GenericObject): boolean {
  return arr(obj(p.spec).repositories).some((repo) => {
    const policy = obj(obj(repo).policy);
    const trust = obj(policy.trust).enabled === true;
    const signedBy = arr(obj(policy.simple).requirements).some((r) => obj(r).type === 'signedBy');
    return trust || signedBy;
  });
}

/** Kyverno's CEL image policies: cluster-wide and (1.15+) namespaced. */
const KYVERNO_IMAGE_POLICY_KINDS = new Set(['ImageValidatingPolicy', 'NamespacedImageValidatingPolicy']);

/** Policy objects that verify image signatures or attestations. */
function policyVerifier(p: GenericObject): Verifier | undefined {
  const g = group(p.apiVersion ?? '');
  const spec = obj(p.spec);
  if (g === 'kyverno.io' && (p.kind === 'ClusterPolicy' || p.kind === 'Policy')) return kyvernoVerifier(p);
  if (g === 'policies.kyverno.io' && KYVERNO_IMAGE_POLICY_KINDS.has(p.kind)) {
    const actions = arr(spec.validationActions).map(String);
    return { source: label(p), tool: 'Kyverno', enforcing: actions.length === 0 || actions.includes('Deny') };
  }
  if (g === 'policy.sigstore.dev' && p.kind === 'ClusterImagePolicy') {
    // sigstore policy-controller: mode defaults to enforce; "warn" only warns.
    return { source: label(p), tool: 'Sigstore policy-controller', enforcing: spec.mode !== 'warn' };
  }
  if (isPortieris(p)) {
    // Portieris denies what its policies reject; a policy without trust or signedBy verifies nothing.
    return portierisVerifies(p) ? { source: label(p), tool: 'Portieris', enforcing: true } : undefined;
  }
  if (g === 'constraints.gatekeeper.sh' && SIGNATURE_CONSTRAINT_KIND.test(p.kind)) {
    // Gatekeeper constraint (e.g. Ratify's RatifyVerification): enforcementAction defaults to deny.
    const action = typeof spec.enforcementAction === 'string' ? spec.enforcementAction : 'deny';
    return { source: label(p), tool: 'Gatekeeper + Ratify', enforcing: action === 'deny' };
  }
  return undefined;
}

const WEBHOOK_VERIFIERS: Array<[RegExp, string]> = [
  [/policy\.sigstore\.dev|policy-controller/i, 'Sigstore policy-controller'],
  [/connaisseur/i, 'Connaisseur'],
  [/ratify/i, 'Ratify'],
  [/portieris/i, 'Portieris'],
];

function webhookText(cfg: V1ValidatingWebhookConfiguration | V1MutatingWebhookConfiguration): string {
  const parts = [cfg.metadata?.name ?? ''];
  for (const wh of cfg.webhooks ?? []) {
    parts.push(wh.name, wh.clientConfig?.service?.name ?? '', wh.clientConfig?.service?.namespace ?? '', wh.clientConfig?.url ?? '');
  }
  return parts.join(' ');
}

export const check: Check = {
  id: 'image-signature-policy',
  title: 'No image signature verification at admission',
  section: 'images',
  severity: 'high',
  reads: ['mutatingWebhookConfigurations', 'policies', 'validatingWebhookConfigurations'],
  guideRef: '4.7',
  description:
    'One result for the whole cluster. Passes when an admission policy verifies image signatures and rejects failures: a Kyverno ClusterPolicy/Policy with verifyImages rules in Enforce mode or a (Namespaced)ImageValidatingPolicy (policies.kyverno.io) that denies, a sigstore policy-controller ClusterImagePolicy, a Portieris (Cluster)ImagePolicy whose repository policy enables trust or requires signedBy (an empty policy, Portieris\'s allow-all default, verifies nothing), or a Gatekeeper constraint such as Ratify\'s. ' +
    'A webhook of a dedicated verifier (sigstore policy-controller, Connaisseur, Ratify, Portieris) also passes; Portieris\'s webhook only while its policies are not in the snapshot. A Kyverno webhook alone proves nothing (Kyverno registers its webhooks whatever its policies do): when Kyverno\'s policies are not in the snapshot the check is not applicable; when they are visible (a live scan that may list them and finds none counts), one of them must verify images. ' +
    'Likewise a Gatekeeper ConstraintTemplate for signature verification whose constraints are not in the snapshot makes the check not applicable. ' +
    'Verification policies that only audit or warn fail, since nothing is blocked; a verifyImages entry\'s own failureAction takes precedence over the policy-level validationFailureAction.',
  rationale:
    'Even a pinned image from a private registry may not be the code you built: the registry, the CI system or a credential can be compromised. Verifying a signature (or in-toto/TUF metadata) at admission ensures that what runs is what your pipeline produced (guide 4.7, image trust and supply chain).',
  remediation: {
    steps: [
      'Sign images in CI (cosign or notation) and publish the public key or keyless identity.',
      'Install an admission verifier: Kyverno with a verifyImages rule, the sigstore policy-controller with a ClusterImagePolicy, or Gatekeeper with Ratify.',
      'Run it in audit mode first, then switch it to enforce so unsigned images are rejected.',
    ],
    patch:
      'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: verify-image-signatures\nspec:\n  webhookTimeoutSeconds: 30\n  rules:\n    - name: verify-signature\n      match:\n        any:\n          - resources:\n              kinds: [Pod]\n      verifyImages:\n        - imageReferences: ["registry.example.com/*"]\n          failureAction: Enforce\n          attestors:\n            - entries:\n                - keys:\n                    publicKeys: |-\n                      -----BEGIN PUBLIC KEY-----\n                      <your cosign public key>\n                      -----END PUBLIC KEY-----\n',
  },
  evaluate(ctx) {
    const o = ctx.snapshot.objects;
    const resource = clusterResource(ctx.snapshot);
    const verifiers = o.policies.map(policyVerifier).filter((v): v is Verifier => v !== undefined);
    const enforcing = verifiers.filter((v) => v.enforcing);
    if (enforcing.length > 0) {
      return [
        {
          status: 'pass',
          resource,
          message: `Image signatures are verified at admission by ${enforcing[0]!.tool} (${enforcing.map((v) => v.source).join(', ')}).`,
          evidence: { verifiers: enforcing },
        },
      ];
    }
    const webhooks = [...o.validatingWebhookConfigurations, ...o.mutatingWebhookConfigurations];
    // Portieris's webhook is only as strong as its policies: when they are in the snapshot, they decide.
    const portierisPoliciesVisible = o.policies.some(isPortieris);
    const webhookVerifiers = WEBHOOK_VERIFIERS.filter(([, tool]) => !(tool === 'Portieris' && portierisPoliciesVisible));
    for (const cfg of webhooks) {
      const text = webhookText(cfg);
      const hit = webhookVerifiers.find(([re]) => re.test(text));
      if (hit) {
        return [
          {
            status: 'pass',
            resource,
            message: `Image signatures are verified at admission by ${hit[1]} (webhook configuration ${cfg.metadata?.name ?? ''}).`,
            evidence: { webhook: cfg.metadata?.name ?? '', tool: hit[1] },
          },
        ];
      }
    }
    // A live scan lists Kyverno's policies whenever its API group is served: an empty list there is
    // a real "no policies", unless listing them was forbidden. Manifests and dumps may simply leave them out.
    // Any Kyverno policy list that was forbidden (ClusterPolicy / Policy, or the CEL ImageValidatingPolicy kinds) could hide a verifier.
    const kyvernoListed =
      ctx.snapshot.source.type === 'cluster' &&
      !ctx.snapshot.coverage.gaps.some((g) => /^((cluster)?policies(\.kyverno\.io)?|(namespaced)?imagevalidatingpolicies(\.policies\.kyverno\.io)?)$/.test(g.resource));
    const kyvernoPoliciesVisible = kyvernoListed || o.policies.some((p) => group(p.apiVersion ?? '').endsWith('kyverno.io'));
    const kyvernoWebhook = webhooks.find((cfg) => /kyverno/i.test(webhookText(cfg)));
    if (kyvernoWebhook && !kyvernoPoliciesVisible && verifiers.length === 0) {
      return [
        {
          status: 'not-applicable',
          resource,
          message: `Kyverno is installed (webhook configuration ${kyvernoWebhook.metadata?.name ?? ''}) but its policies are not in the snapshot, so Rampart cannot tell whether any verifyImages rule enforces signatures. Allow the scanner to list Kyverno ClusterPolicies and Policies.`,
          evidence: { webhook: kyvernoWebhook.metadata?.name ?? '', tool: 'Kyverno', policiesVisible: false },
        },
      ];
    }
    // Gatekeeper + Ratify: a live scan lists ConstraintTemplates but not the constraints (one custom
    // kind per template), so a signature-verification template without a visible constraint is no verdict.
    const constraintKinds = new Set(o.policies.filter((p) => group(p.apiVersion ?? '') === 'constraints.gatekeeper.sh').map((p) => p.kind));
    const unseenConstraint = o.policies
      .filter((p) => group(p.apiVersion ?? '') === 'templates.gatekeeper.sh' && p.kind === 'ConstraintTemplate')
      .map((p) => String(obj(obj(obj(obj(p.spec).crd).spec).names).kind ?? ''))
      .find((kind) => SIGNATURE_CONSTRAINT_KIND.test(kind) && !constraintKinds.has(kind));
    if (unseenConstraint && verifiers.length === 0) {
      return [
        {
          status: 'not-applicable',
          resource,
          message: `Gatekeeper has the image-verification ConstraintTemplate ${unseenConstraint}, but no ${unseenConstraint} constraint is in the snapshot, so Rampart cannot tell whether one denies unverified images.`,
          evidence: { constraintTemplateKind: unseenConstraint, tool: 'Gatekeeper', constraintsVisible: false },
        },
      ];
    }
    // A verifier could hide in what the scanner was not allowed to list: then "none seen" is no verdict.
    // The live collector names a forbidden list by its resource alone, a missing API by resource.group.
    const gaps = ctx.snapshot.coverage.gaps.filter((g) => /^(validatingwebhookconfigurations|mutatingwebhookconfigurations)(\.admissionregistration\.k8s\.io)?$/.test(g.resource));
    if (gaps.length > 0 && verifiers.length === 0) {
      return [
        {
          status: 'not-applicable',
          resource,
          message: `No image-signature policy was seen, but ${gaps.map((g) => g.resource).join(' and ')} could not be listed (${gaps.map((g) => g.reason).join(', ')}), so an admission verifier may exist unseen.`,
          evidence: { gaps: gaps.map((g) => g.resource) },
        },
      ];
    }
    const result: CheckResult = {
      status: 'fail',
      resource,
      message:
        verifiers.length > 0
          ? `Image signature policies exist (${verifiers.map((v) => v.source).join(', ')}) but only audit or warn: unsigned images are still admitted.`
          : 'No admission policy or webhook verifies image signatures, so any image that can be pulled can run.',
      evidence: { auditOnlyVerifiers: verifiers, kyvernoInstalled: kyvernoWebhook !== undefined },
    };
    return [result];
  },
};
