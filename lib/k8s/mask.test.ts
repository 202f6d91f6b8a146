import { describe, expect, it } from 'vitest';
import { mask, maskArgs, maskFor } from './mask';
import { LAST_APPLIED_ANNOTATION } from './metadata';

const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0\n'.repeat(3)}-----END RSA PRIVATE KEY-----`;
const FAKE = {
  env: 'tok_live_4f9a8b7c6d5e4f3a',
  plain: 'just-a-mode',
  password: 'hunter2hunter2',
  token: 'abc123def456ghi7',
  dbPass: 'pa55w0rdDbValue',
  urlPass: 'Sup3rS3cretUrl',
  scriptPass: 'scr1ptPassw0rd',
  github: 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
  aws: 'AKIA' + 'QWERTYUIOPASDFGH',
  annotationPass: 'annotati0nPass',
  header: 'Bearer hdr0123456789abcdef',
};

const container = (name: string) => ({
  name,
  image: 'app:1',
  command: ['sh', '-c', `export DB_PASSWORD=${FAKE.scriptPass}; exec app --api-key ${FAKE.github}`],
  args: [`--password=${FAKE.password}`, '--token', FAKE.token, `--db-pass=${FAKE.dbPass}`, '--tls-private-key-file=/etc/tls/key.pem', `postgres://app:${FAKE.urlPass}@db:5432/x`, '--verbose'],
  env: [
    { name: 'API_TOKEN', value: FAKE.env },
    { name: 'MODE', value: FAKE.plain },
    { name: 'EMPTY', value: '' },
    { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
  ],
  livenessProbe: { httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'Authorization', value: FAKE.header }] } },
});

const podSpec = () => ({ initContainers: [container('init')], containers: [container('app')], ephemeralContainers: [container('debug')] });

const cronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: {
    name: 'nightly',
    namespace: 'shop',
    annotations: {
      [LAST_APPLIED_ANNOTATION]: JSON.stringify({ spec: { env: FAKE.env } }),
      'example.com/db-password': FAKE.annotationPass,
      'example.com/ssh-key': PEM,
      'example.com/aws': `key ${FAKE.aws} here`,
      'example.com/config': `{"x": "${'y'.repeat(2000)}"}`,
      'example.com/owner': 'team-a',
    },
    managedFields: [{ manager: 'kubectl' }],
  },
  spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { metadata: { annotations: { 'example.com/token': FAKE.token } }, spec: podSpec() } } } },
};

describe('mask', () => {
  const masked = mask(cronJob);
  const text = JSON.stringify(masked);

  it('leaves no credential value anywhere: env, args, command scripts, headers, annotations, init / ephemeral containers, CronJob templates', () => {
    for (const [what, value] of Object.entries(FAKE)) if (what !== 'plain') expect(text, what).not.toContain(value);
    expect(text).not.toContain('MIIEowIBAAKCAQEA');
    expect(text).not.toContain(FAKE.plain); // every literal env value, not only credential-looking ones
    expect(text).not.toContain(LAST_APPLIED_ANNOTATION);
    expect(text).not.toContain('managedFields');
    expect(text).not.toContain('yyyy');
  });

  it('keeps the shape: the mask says how long the value was and what it was, and nothing else stays', () => {
    const spec = (masked.spec.jobTemplate.spec.template.spec as ReturnType<typeof podSpec>);
    for (const c of [spec.initContainers[0], spec.containers[0], spec.ephemeralContainers[0]]) {
      expect(c.env).toEqual([
        { name: 'API_TOKEN', value: maskFor(FAKE.env.length, 'literal') },
        { name: 'MODE', value: maskFor(FAKE.plain.length, 'literal') },
        { name: 'EMPTY', value: '' },
        { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      ]);
      expect(c.args[0]).toBe(`--password=${maskFor(FAKE.password.length, 'credential')}`);
      expect(c.args.slice(1, 3)).toEqual(['--token', maskFor(FAKE.token.length, 'credential')]);
      expect(c.args[3]).toBe(`--db-pass=${maskFor(FAKE.dbPass.length, 'credential')}`);
      expect(c.args[4]).toBe('--tls-private-key-file=/etc/tls/key.pem'); // a path is not a credential
      expect(c.args[6]).toBe('--verbose');
      expect(c.command[2]).toContain(`DB_PASSWORD=${maskFor(FAKE.scriptPass.length, 'credential')}`);
      expect(c.livenessProbe.httpGet.httpHeaders[0]).toEqual({ name: 'Authorization', value: maskFor(FAKE.header.length, 'literal') });
      expect(c.image).toBe('app:1');
    }
    const a = masked.metadata.annotations as Record<string, string>;
    expect(a['example.com/db-password']).toBe(maskFor(FAKE.annotationPass.length, 'credential'));
    expect(a['example.com/ssh-key']).toMatch(/^●●●● \(\d+ chars, private-key\)$/);
    expect(a['example.com/aws']).toBe(`key ${maskFor(20, 'aws-access-key')} here`);
    expect(a['example.com/config']).toBe(maskFor(2009, 'annotation'));
    expect(a['example.com/owner']).toBe('team-a');
    expect(masked.metadata.name).toBe('nightly');
  });

  it('is deterministic and idempotent, and does not change its input', () => {
    expect(mask(cronJob)).toEqual(masked);
    expect(mask(masked)).toEqual(masked);
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers[0].env[0].value).toBe(FAKE.env);
  });

  it('masks equal-length values identically (nothing of the content survives)', () => {
    expect(maskArgs(['--password=q8Wn3kLp0z'])).toEqual(maskArgs(['--password=Zt5vR1mXc9']));
  });
});
