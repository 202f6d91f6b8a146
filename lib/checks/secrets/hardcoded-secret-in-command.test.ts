import { describe, expect, it } from 'vitest';
import { check } from './hardcoded-secret-in-command';
import { loadFixture, run } from '../cluster/_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails one result per container with a credential on its command line, naming the field and never the value', () => {
    const results = run(check, load('fail.credential-flags.yaml'));
    expect(results.map((r) => [r.resource.kind, r.resource.name, r.detail, r.status])).toEqual([
      ['Deployment', 'exporter', 'wait-db', 'fail'],
      ['Deployment', 'exporter', 'exporter', 'fail'],
      ['CronJob', 'backup', 'dump', 'fail'],
      ['CronJob', 'backup', 'notify', 'fail'],
    ]);
    expect(results.map((r) => r.path)).toEqual([
      'spec.template.spec.initContainers[0].args[0]',
      'spec.template.spec.containers[0].args[1]',
      'spec.jobTemplate.spec.template.spec.containers[0].command[2]',
      'spec.jobTemplate.spec.template.spec.containers[1].command[2]',
    ]);
    expect(results[1]!.message).toContain('--mysqld.password');
    expect(results[1]!.message).toContain('args[1], args[4]');
    expect(results[0]!.message).toContain('a URL with a password');
    expect(results[3]!.message).toContain('a Bearer token');
    expect(results[1]!.evidence).toEqual({
      credentials: [
        { path: 'spec.template.spec.containers[0].args[1]', kind: 'named-credential', flag: '--mysqld.password', value: '********' },
        { path: 'spec.template.spec.containers[0].args[4]', kind: 'named-credential', flag: '--api-token', value: '********' },
      ],
    });
    const serialized = JSON.stringify(results);
    for (const v of ['Xr82mLq7', 'Exp0rt-Pw-71', '7f3a9c2e51b84d06', 'R00t-Dump-9', '3c9f0d2b8a7e']) expect(serialized).not.toContain(v);
  });

  it('passes files, $(VAR) references, scripts reading mounted files, Secret names, key-file flags and ordinary flags', () => {
    const results = run(check, load('pass.references-and-files.yaml'));
    expect(results.map((r) => [r.resource.name, r.detail, r.status])).toEqual([
      ['api', 'wait-db', 'pass'],
      ['api', 'api', 'pass'],
      ['api', 'sidecar', 'pass'],
      ['kube-apiserver-cp-1', 'kube-apiserver', 'pass'],
      ['etcd-cp-1', 'etcd', 'pass'],
    ]);
  });

  it('finds a credential in an ephemeral debug container, attributed to the StatefulSet and naming the Pod', () => {
    const results = run(check, load('fail.ephemeral-debug-container.yaml'));
    expect(results.map((r) => [r.resource.kind, r.resource.name, r.detail, r.status])).toEqual([
      ['StatefulSet', 'db', 'postgres', 'pass'],
      ['StatefulSet', 'db', 'db-0/debugger', 'fail'],
    ]);
    expect(results[1]!.path).toBe('spec.ephemeralContainers[0].command[1]');
    expect(results[1]!.message).toContain('db-0');
    expect(JSON.stringify(results)).not.toContain('Dbg-Pa55');
  });
});

