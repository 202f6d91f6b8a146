import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../k8s/load';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './image-signature-policy';
import { expectCompleteMetadata, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/image-signature-policy', name));
/** The same fixture through the production manifest loader (what `rampart scan --manifests` sees). */
const loaded = (name: string) => loadManifests(path.join(import.meta.dirname, '__fixtures__/image-signature-policy', name)).snapshot;

describe('image-signature-policy', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'image-signature-policy'));

  it('fails when Kyverno policies are visible but none verifies images', () => {
    const results = runCheck(check, fixture('fail.none.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'fail', resource: { kind: 'Cluster', name: 'inline' }, evidence: { kyvernoInstalled: true } });
  });

  it('fails a verifyImages policy with the failure action unset (Kyverno default: Audit)', () => {
    const results = runCheck(check, fixture('fail.audit-only.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]!.status).toBe('fail');
    expect(results[0]!.message).toContain('only audit');
  });

  it('fails when a verifyImages entry sets failureAction Audit, which overrides an Enforce policy-level action', () => {
    const results = runCheck(check, fixture('fail.kyverno-entry-audit.yaml'));
    expect(results.map((r) => r.status)).toEqual(['fail']);
    expect(results[0]!.message).toContain('only audit');
  });

  it('fails when the only Gatekeeper constraint merely has "Verify" in its kind (K8sVerifyDeprecatedAPI)', () => {
    const results = runCheck(check, fixture('fail.gatekeeper-unrelated-constraint.yaml'));
    expect(results.map((r) => r.status)).toEqual(['fail']);
  });

  it('fails on a live cluster where Kyverno is installed and its policies were listed but none exists', () => {
    const snapshot = fixture('fail.none.yaml');
    const live = { ...snapshot, source: { type: 'cluster' as const, name: 'prod' }, objects: { ...snapshot.objects, policies: [] } };
    expect(runCheck(check, live).map((r) => r.status)).toEqual(['fail']);
    const forbidden = { ...live, coverage: { gaps: [{ resource: 'clusterpolicies', reason: 'forbidden' as const, message: 'forbidden' }] } };
    expect(runCheck(check, forbidden).map((r) => r.status)).toEqual(['not-applicable']);
  });

  it('is not applicable when the live collector could not list webhook configurations (gap named by resource only)', () => {
    const empty = loadFixtureSnapshot([]);
    const snapshot = { ...empty, coverage: { gaps: [{ resource: 'mutatingwebhookconfigurations', reason: 'forbidden' as const, message: 'forbidden' }] } };
    expect(runCheck(check, snapshot).map((r) => r.status)).toEqual(['not-applicable']);
  });

  it('is not applicable when a signature-verification ConstraintTemplate exists but its constraints are not in the snapshot', () => {
    const results = runCheck(check, fixture('not-applicable.ratify-template-only.yaml'));
    expect(results.map((r) => r.status)).toEqual(['not-applicable']);
    expect(results[0]!.message).toContain('RatifyVerification');
  });

  it('fails an empty cluster with one cluster-level result', () => {
    const results = runCheck(check, loadFixtureSnapshot([]));
    expect(results.map((r) => [r.status, r.resource.kind])).toEqual([['fail', 'Cluster']]);
  });

  it.each(['pass.kyverno-enforce.yaml', 'pass.sigstore.yaml', 'pass.connaisseur-webhook.yaml'])('passes %s', (name) => {
    const results = runCheck(check, fixture(name));
    expect(results.map((r) => r.status)).toEqual(['pass']);
  });

  it('is not applicable, never a pass, when Kyverno is installed but its policies are not in the snapshot (most Kyverno installs verify no images)', () => {
    const snapshot = fixture('fail.none.yaml');
    const withoutPolicies = { ...snapshot, objects: { ...snapshot.objects, policies: [] } };
    const results = runCheck(check, withoutPolicies);
    expect(results.map((r) => r.status)).toEqual(['not-applicable']);
    expect(results[0]!.evidence).toMatchObject({ tool: 'Kyverno', policiesVisible: false });
    expect(results[0]!.message).toMatch(/cannot tell/);
  });

  it('is not applicable, not a failure, when admission webhook configurations could not be listed and nothing enforcing was seen', () => {
    const empty = fixture('fail.none.yaml');
    const snapshot = {
      ...empty,
      objects: { ...empty.objects, policies: [], validatingWebhookConfigurations: [], mutatingWebhookConfigurations: [] },
      coverage: { gaps: [{ resource: 'validatingwebhookconfigurations.admissionregistration.k8s.io', reason: 'forbidden' as const, message: 'forbidden' }] },
    };
    const results = runCheck(check, snapshot);
    expect(results.map((r) => r.status)).toEqual(['not-applicable']);
    expect(results[0]!.message).toContain('validatingwebhookconfigurations');
  });

  describe('through the manifest loader', () => {
    it('passes with an enforcing Kyverno ImageValidatingPolicy (policies.kyverno.io)', () => {
      const results = runCheck(check, loaded('pass.kyverno-image-validating-policy.yaml'));
      expect(results.map((r) => r.status)).toEqual(['pass']);
      expect(results[0]!.message).toContain('ImageValidatingPolicy release-signed');
    });

    it('fails an ImageValidatingPolicy that only audits', () => {
      const results = runCheck(check, loaded('fail.kyverno-image-validating-policy-audit.yaml'));
      expect(results.map((r) => r.status)).toEqual(['fail']);
      expect(results[0]!.message).toContain('only audit');
    });

    it('passes with a Portieris policy that requires a signature', () => {
      const results = runCheck(check, loaded('pass.portieris-signed-by.yaml'));
      expect(results.map((r) => r.status)).toEqual(['pass']);
      expect(results[0]!.evidence).toMatchObject({ verifiers: [{ tool: 'Portieris', source: 'ClusterImagePolicy signed-team-images' }] });
    });

    it('fails when Portieris is installed but its visible policies verify nothing (the allow-all default)', () => {
      const results = runCheck(check, loaded('fail.portieris-allow-all.yaml'));
      expect(results.map((r) => r.status)).toEqual(['fail']);
    });

    it('passes with Gatekeeper + Ratify when the RatifyVerification constraint is in the set', () => {
      const snapshot = loaded('not-applicable.ratify-template-only.yaml');
      const constraint = { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'RatifyVerification', metadata: { name: 'ratify-constraint' }, spec: {} };
      const results = runCheck(check, { ...snapshot, objects: { ...snapshot.objects, policies: [...snapshot.objects.policies, constraint] } });
      expect(results.map((r) => r.status)).toEqual(['pass']);
    });
  });

  it('is not applicable on a live scan where Kyverno is installed but listing its ImageValidatingPolicies was forbidden', () => {
    const webhook = loaded('pass.kyverno-image-validating-policy.yaml').objects.validatingWebhookConfigurations;
    const snapshot = makeSnapshot({
      source: { type: 'cluster', name: 'prod' },
      objects: { validatingWebhookConfigurations: webhook },
      coverage: { gaps: [{ resource: 'imagevalidatingpolicies', reason: 'forbidden', message: 'forbidden' }] },
    });
    expect(runCheck(check, snapshot).map((r) => r.status)).toEqual(['not-applicable']);
  });
});
