import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './secret-like-configmap-key';
import { loadFixture, run } from '../cluster/_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails ConfigMaps with credential-like key names, listing the keys only', () => {
    const results = run(check, load('fail.credential-keys.yaml'));
    expect(results.map((r) => [r.resource.name, r.status, r.evidence?.keys])).toEqual([
      ['api-settings', 'fail', ['DB_PASSWORD', 'credentials.json']],
      ['tls-material', 'fail', ['server.key']],
      ['client-certs', 'fail', ['client-key.pem', 'client.keystore.p12']],
    ]);
    expect(results[0]).toMatchObject({ resource: { kind: 'ConfigMap', namespace: 'shop' }, path: 'data["DB_PASSWORD"]' });
    expect(JSON.stringify(results)).not.toContain('hunter2');
  });

  it('passes ordinary settings, including names that only mention a credential, and CA truststores (trust-manager bundles, *.truststore.jks)', () => {
    expect(run(check, load('pass.plain-settings.yaml')).map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('is not applicable when only ConfigMap metadata (no key names) was collected', () => {
    const snapshot = makeSnapshot({ objects: { configMaps: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'a' } }] } });
    const [result] = run(check, snapshot);
    expect(result).toMatchObject({ status: 'not-applicable', resource: { kind: 'Cluster' } });
    expect(result.message).toContain('not collected');
  });
});
