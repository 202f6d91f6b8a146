import { describe, expect, it } from 'vitest';
import { check } from './hardcoded-secret-in-env';
import { loadFixture, run } from '../cluster/_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails literal credentials, naming the variable and never the value', () => {
    const results = run(check, load('fail.literal-password.yaml'));
    expect(results.map((r) => [r.detail, r.status])).toEqual([
      ['postgres', 'fail'],
      ['exporter', 'fail'],
    ]);
    expect(results[0]).toMatchObject({ resource: { kind: 'StatefulSet', name: 'db' }, path: 'spec.template.spec.containers[0].env[1].value' });
    expect(results[0].message).toContain('POSTGRES_PASSWORD');
    expect(results[0].message).not.toContain('POSTGRES_USER');
    expect(results[1].message).toContain('stripeApiKey');
    const serialized = JSON.stringify(results);
    expect(serialized).not.toContain('S3cr3t');
    expect(serialized).not.toContain('sk_live');
  });

  it('keeps ephemeral containers of different Pods apart (detail names the Pod, as for every container finding)', () => {
    const results = run(check, load('fail.ephemeral-debug-containers.yaml'));
    expect(results.map((r) => [r.resource.name, r.detail, r.status])).toEqual([
      ['web', 'web', 'pass'],
      ['web', 'web-7c9d8-aaaaa/debugger', 'fail'],
      ['web', 'web-7c9d8-bbbbb/debugger', 'fail'],
    ]);
    expect(results[1]!.message).toContain('web-7c9d8-aaaaa');
    expect(JSON.stringify(results)).not.toContain('debug-Pa55');
  });

  it('passes secretKeyRef, *_FILE paths, URLs, key ids, $(VAR) references, placeholders, empty values, vault references and flags', () => {
    const results = run(check, load('pass.references-and-placeholders.yaml'));
    expect(results.map((r) => r.status)).toEqual(['pass']);
  });

  it('passes fill-in markers of sample manifests (the variable name itself, INSERT_… / REPLACE_… / YOUR_…, …-here) but not weak real values', () => {
    const results = run(check, load('pass.fill-in-placeholders.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['model-server', 'pass'],
      ['billing', 'fail'],
    ]);
    expect(results[1]!.message).toContain('DB_PASSWORD, API_TOKEN');
  });

  it('does not take the etcd initial cluster token (a bootstrap id, no access) for a credential, but still fails the root password beside it', () => {
    const results = run(check, load('pass.etcd-initial-cluster-token.yaml'));
    expect(results.map((r) => [r.detail, r.status])).toEqual([['etcd', 'fail']]);
    expect(results[0]!.message).toContain('ETCD_ROOT_PASSWORD');
    expect(results[0]!.message).not.toContain('ETCD_INITIAL_CLUSTER_TOKEN');
  });

  it('fails credentials whose names run the words together (PGPASSWORD, NGROK_AUTHTOKEN)', () => {
    const results = run(check, load('fail.run-together-names.yaml'));
    expect(results.map((r) => [r.resource.kind, r.detail, r.status])).toEqual([
      ['CronJob', 'dump', 'fail'],
      ['CronJob', 'tunnel', 'fail'],
    ]);
    expect(results[0]!.message).toContain('PGPASSWORD');
    expect(results[0]!.path).toBe('spec.jobTemplate.spec.template.spec.containers[0].env[1].value');
    expect(results[1]!.message).toContain('NGROK_AUTHTOKEN');
    expect(JSON.stringify(results)).not.toContain('Sh0p-Dump-Pass');
  });

  it('fails credentials recognised by their value whatever the variable is called, and provider variable names', () => {
    const results = run(check, load('fail.credential-values.yaml'));
    expect(results.map((r) => [r.resource.kind, r.detail, r.status])).toEqual([
      ['Deployment', 'migrate', 'fail'],
      ['Deployment', 'app', 'fail'],
      ['CronJob', 'sync', 'fail'],
    ]);
    expect(results[0]!.path).toBe('spec.template.spec.initContainers[0].env[0].value');
    expect(results[0]!.message).toContain('DATABASE_URL');
    expect(results[1]!.message).toContain('GIT_SETTINGS, UPSTREAM_AUTH, AZURE_STORAGE_KEY, AZURE_STORAGE_CONNECTION_STRING');
    expect(results[1]!.message).not.toContain('LOG_LEVEL');
    expect(results[1]!.evidence).toMatchObject({ variables: [{ name: 'GIT_SETTINGS', kind: 'github-token' }, { name: 'UPSTREAM_AUTH', kind: 'bearer-token' }, {}, { kind: 'connection-string' }] });
    expect(results[2]!.message).toContain('OCI_CLI_KEY_CONTENT, GOOGLE_APPLICATION_CREDENTIALS_JSON');
    const serialized = JSON.stringify(results);
    for (const v of ['Rq7vLm2xT9', 'A1b2C3d4', '9f8e7d6c', 'Zm9vYmFy', 'Qm9ndXNL', 'MIIEvQIB', 'service_account']) expect(serialized).not.toContain(v);
  });

  it('passes values shaped like credentials that are not: URLs without a password or with a reference, certificates, digests, UUIDs, image references', () => {
    const results = run(check, load('pass.credential-shaped-non-credentials.yaml'));
    expect(results.map((r) => r.status)).toEqual(['pass']);
  });
});
