import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../k8s/load';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './external-secret-store';
import { loadFixture, run } from '../cluster/_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('is informational', () => {
    expect(check.severity).toBe('info');
  });

  it('passes once on the cluster when External Secrets Operator CRDs exist', () => {
    const results = run(check, load('pass.external-secrets-operator.yaml'));
    expect(results).toEqual([expect.objectContaining({ status: 'pass', resource: expect.objectContaining({ kind: 'Cluster' }) })]);
    expect(results[0].evidence).toEqual({ integrations: ['External Secrets Operator'] });
  });

  it('passes with a Vault agent injector webhook', () => {
    expect(run(check, load('pass.vault-injector.yaml'))[0].status).toBe('pass');
  });

  it.each([
    ['pass.eso-objects-only.yaml', 'External Secrets Operator'],
    ['pass.sealed-secret-only.yaml', 'Sealed Secrets'],
    ['pass.secret-provider-class-only.yaml', 'Secrets Store CSI Driver'],
    ['pass.godaddy-kubernetes-external-secrets.yaml', 'Kubernetes External Secrets (GoDaddy)'],
    ['pass.infisical-crd.yaml', 'Infisical operator'],
    ['pass.akv2k8s-object.yaml', 'Azure Key Vault to Kubernetes (akv2k8s)'],
  ])('passes on %s without needing the operator CRDs in the set (%s)', (file, product) => {
    const results = run(check, load(file));
    expect(results.map((r) => r.status)).toEqual(['pass']);
    expect(results[0].evidence).toMatchObject({ integrations: [product] });
  });

  it('passes through the manifest loader too (objects in a directory, no CRDs)', () => {
    const results = run(check, loadManifests(path.join(import.meta.dirname, '__fixtures__', check.id, 'pass.eso-objects-only.yaml')).snapshot);
    expect(results.map((r) => r.status)).toEqual(['pass']);
    expect(results[0].message).toContain('ExternalSecret payments/stripe-key');
  });

  it('passes when a workload mounts a volume of the Secrets Store CSI driver, even without its CRDs or SecretProviderClass in the set', () => {
    const results = run(check, load('pass.csi-driver-volume-only.yaml'));
    expect(results.map((r) => r.status)).toEqual(['pass']);
    expect(results[0].evidence).toEqual({ integrations: ['Secrets Store CSI Driver'] });
    expect(results[0].message).toContain('Deployment payments/payments-api');
    expect(results[0].message).not.toContain('uploads');
  });

  it('fails (info) when the only CSI volumes belong to storage drivers', () => {
    expect(run(check, load('fail.other-csi-driver.yaml')).map((r) => r.status)).toEqual(['fail']);
  });

  it('fails (info) when only unrelated CRDs exist', () => {
    expect(run(check, load('fail.no-store.yaml')).map((r) => r.status)).toEqual(['fail']);
  });

  it('is not applicable when CRDs could not be listed', () => {
    const snapshot = makeSnapshot({ coverage: { gaps: [{ resource: 'customresourcedefinitions.apiextensions.k8s.io', reason: 'forbidden', message: 'no access' }] } });
    expect(run(check, snapshot)[0].status).toBe('not-applicable');
  });
});
