import { describe, expect, it } from 'vitest';
import { check } from './secret-in-env-var';
import { loadFixture, run } from '../cluster/_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails each container that takes a Secret through env or envFrom, pointing at the reference', () => {
    const results = run(check, load('fail.secret-key-ref.yaml'));
    const byContainer = Object.fromEntries(results.map((r) => [r.detail, r]));
    expect(byContainer.api).toMatchObject({
      status: 'fail',
      resource: { kind: 'Deployment', namespace: 'shop', name: 'api' },
      path: 'spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef',
    });
    expect(byContainer.migrate).toMatchObject({ status: 'fail', path: 'spec.template.spec.initContainers[0].envFrom[0].secretRef' });
    expect(byContainer.migrate.message).toContain('db-credentials');
  });

  it('passes a container that mounts the Secret as a volume (fieldRef and configMapRef are fine) and skips system namespaces', () => {
    const results = run(check, load('pass.volume-mount.yaml'));
    expect(results.map((r) => [r.resource.name, r.detail, r.status])).toEqual([['api', 'api', 'pass']]);
  });
});
