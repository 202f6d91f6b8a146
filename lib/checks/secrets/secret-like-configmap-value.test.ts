import { describe, expect, it } from 'vitest';
import { check } from './secret-like-configmap-value';
import { loadFixture, run } from '../cluster/_shared/test-helpers';
import { makeSnapshot } from '../../k8s/snapshot';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails ConfigMaps holding a credential value, naming key and kind, never the value', () => {
    const results = run(check, load('fail.credential-values.yaml'));
    expect(results.map((r) => [r.resource.name, r.status, r.path])).toEqual([
      ['reports-config', 'fail', 'data["application.yaml"]'],
      ['signer', 'fail', 'binaryData["signing.pem"]'],
      ['shop-config', 'fail', 'data["application.properties"]'],
    ]);
    expect(results[2]!.message).toContain('application.properties (a literal value of a credential setting)');
    expect(results[0]!.message).toContain('application.yaml (a URL with a password)');
    expect(results[0]!.message).not.toContain('LOG_LEVEL');
    expect(results[1]!.message).toContain('signing.pem (a PEM private key)');
    expect(results[1]!.evidence).toEqual({ keys: [{ key: 'signing.pem', kind: 'private-key', value: '********' }] });
    const serialized = JSON.stringify(results);
    for (const v of ['Pq71-vXm9c', 'AbCdEfGhIj', 'LS0tLS1CRUdJTiBFQyBQ', 'Sh0p-Db-Pa55']) expect(serialized).not.toContain(v);
  });

  it('passes settings, certificates, references, sample URLs in comments, nginx variables and the cluster-info bootstrap signature', () => {
    const results = run(check, load('pass.settings-and-certificates.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['api-config', 'pass'],
      ['kube-root-ca.crt', 'pass'],
      ['cluster-info', 'pass'],
    ]);
  });

  it('is not applicable when ConfigMaps came without values (metadata-only lists)', () => {
    const snapshot = makeSnapshot({ objects: { configMaps: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } }] } });
    expect(run(check, snapshot).map((r) => r.status)).toEqual(['not-applicable']);
  });
});
