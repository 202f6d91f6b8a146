/**
 * connection.ts against kube-sim over real HTTPS: parsing and minimising kubeconfigs, the
 * security rejections (exec plugins, auth providers, file references, http://), and every
 * testConnection outcome with its message.
 */
import { createServer, type Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startKubeSim, type KubeSim } from '@/lib/kube-sim';
import {
  credentialsFromKubeconfig,
  credentialsFromToken,
  KubeconfigError,
  kubeConfigFromCredentials,
  parseKubeconfig,
  testConnection,
  testCredentials,
} from './connection';

let sim: KubeSim;
let otherSim: KubeSim;

beforeAll(async () => {
  [sim, otherSim] = await Promise.all([startKubeSim({ version: 'v1.30.4' }), startKubeSim()]);
});
afterAll(async () => {
  await Promise.all([sim?.stop(), otherSim?.stop()]);
});

const b64 = (s: string) => Buffer.from(s).toString('base64');

function expectKubeconfigError(fn: () => unknown, code: string, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(KubeconfigError);
  expect((caught as KubeconfigError).code).toBe(code);
  expect((caught as KubeconfigError).message).toMatch(message);
}

function multiContextKubeconfig(): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'sim', cluster: { server: sim.url, 'certificate-authority-data': b64(sim.caPem) } },
      { name: 'eks', cluster: { server: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com', 'certificate-authority-data': b64(sim.caPem) } },
      { name: 'files', cluster: { server: 'https://files.example:6443', 'certificate-authority': '/etc/kubernetes/pki/ca.crt' } },
      { name: 'plain', cluster: { server: 'http://127.0.0.1:8001' } },
    ],
    users: [
      { name: 'admin', user: { token: sim.token } },
      { name: 'other-secret-user', user: { token: 'other-context-secret-token' } },
      { name: 'aws', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token'] } } },
      { name: 'gcp', user: { 'auth-provider': { name: 'gcp', config: {} } } },
      { name: 'keyfile', user: { 'client-certificate': '/home/me/.kube/me.crt', 'client-key': '/home/me/.kube/me.key' } },
      { name: 'tokenfile', user: { tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' } },
    ],
    contexts: [
      { name: 'sim-admin', context: { cluster: 'sim', user: 'admin', namespace: 'kube-system' } },
      { name: 'other', context: { cluster: 'sim', user: 'other-secret-user' } },
      { name: 'eks-prod', context: { cluster: 'eks', user: 'aws' } },
      { name: 'gke', context: { cluster: 'sim', user: 'gcp' } },
      { name: 'with-files', context: { cluster: 'files', user: 'admin' } },
      { name: 'key-files', context: { cluster: 'sim', user: 'keyfile' } },
      { name: 'token-file', context: { cluster: 'sim', user: 'tokenfile' } },
      { name: 'http', context: { cluster: 'plain', user: 'admin' } },
      { name: 'dangling', context: { cluster: 'nope', user: 'admin' } },
    ],
    'current-context': 'sim-admin',
  });
}

describe('parseKubeconfig', () => {
  it('lists every context with its server and auth kind, flagging the unusable ones, without secrets', () => {
    const text = multiContextKubeconfig();
    const parsed = parseKubeconfig(text);
    expect(parsed.currentContext).toBe('sim-admin');
    const byName = Object.fromEntries(parsed.contexts.map((c) => [c.name, c]));
    expect(byName['sim-admin']).toMatchObject({ server: sim.url, authKind: 'token', namespace: 'kube-system' });
    expect(byName['sim-admin'].problem).toBeUndefined();
    expect(byName['eks-prod']).toMatchObject({ authKind: 'exec', problem: { code: 'exec-plugin' } });
    expect(byName['eks-prod'].problem?.message).toContain('runs `aws` to get a token, which cannot run on the Rampart server');
    expect(byName['gke'].problem?.code).toBe('auth-provider');
    expect(byName['with-files'].problem?.code).toBe('file-reference');
    expect(byName['key-files'].problem?.code).toBe('file-reference');
    expect(byName['token-file'].problem?.code).toBe('file-reference');
    expect(byName['http'].problem?.code).toBe('invalid-server');
    expect(byName['dangling'].problem?.code).toBe('cluster-not-found');
    const json = JSON.stringify(parsed);
    expect(json).not.toContain(sim.token);
    expect(json).not.toContain('other-context-secret-token');
  });

  it('rejects malformed YAML with the line number', () => {
    expectKubeconfigError(() => parseKubeconfig('apiVersion: v1\nclusters:\n  - name: a\n   cluster: [unclosed\n'), 'malformed-yaml', /not valid YAML at line \d+/);
  });

  it('never echoes the pasted text (which holds secrets) in a YAML error', () => {
    const secret = 'eyJhbGciOiJSUzI1NiJ9.super-secret-token-value';
    const broken = `apiVersion: v1\nusers:\n  - name: u\n    user:\n      token: ${secret}\n     bad: [indent\n`;
    let message = '';
    try {
      parseKubeconfig(broken);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/not valid YAML/);
    expect(message).not.toContain('super-secret');
  });

  it('rejects documents that are not kubeconfigs, and kubeconfigs without clusters, users or contexts', () => {
    expectKubeconfigError(() => parseKubeconfig(''), 'empty', /empty/);
    expectKubeconfigError(() => parseKubeconfig('just a string'), 'not-a-kubeconfig', /not a kubeconfig/);
    expectKubeconfigError(() => parseKubeconfig('kind: Pod\napiVersion: v1\n'), 'not-a-kubeconfig', /"Pod" document/);
    expectKubeconfigError(() => parseKubeconfig(stringify({ kind: 'Config', users: [{ name: 'u', user: { token: 't' } }] })), 'no-clusters', /no clusters/);
    expectKubeconfigError(
      () => parseKubeconfig(stringify({ kind: 'Config', clusters: [{ name: 'c', cluster: { server: 'https://x' } }] })),
      'no-users',
      /no users/,
    );
    expectKubeconfigError(
      () =>
        parseKubeconfig(
          stringify({ kind: 'Config', clusters: [{ name: 'c', cluster: { server: 'https://x' } }], users: [{ name: 'u', user: { token: 't' } }] }),
        ),
      'no-contexts',
      /no contexts/,
    );
  });

  it('rejects certificate data that is not a base64 PEM', () => {
    const text = stringify({
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://x', 'certificate-authority-data': b64('not a certificate') } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
    });
    expectKubeconfigError(() => parseKubeconfig(text), 'invalid-certificate', /certificate-authority-data does not decode to a PEM certificate/);
  });
});

describe('credentialsFromKubeconfig', () => {
  it('keeps only the chosen context, its cluster and its user', () => {
    const { credentials, context } = credentialsFromKubeconfig(multiContextKubeconfig(), 'sim-admin');
    expect(credentials.context).toBe('sim-admin');
    expect(context.server).toBe(sim.url);
    const minimised = parseKubeconfig(credentials.kubeconfig);
    expect(minimised.contexts.map((c) => c.name)).toEqual(['sim-admin']);
    expect(credentials.kubeconfig).toContain(sim.token);
    expect(credentials.kubeconfig).not.toContain('other-context-secret-token');
    expect(credentials.kubeconfig).not.toContain('eks.amazonaws.com');
    expect(credentials.kubeconfig).not.toContain('aws');
  });

  it('uses the current-context when none is chosen', () => {
    expect(credentialsFromKubeconfig(multiContextKubeconfig()).credentials.context).toBe('sim-admin');
  });

  it('refuses a missing context, an exec plugin, an auth provider and file references with clear messages', () => {
    const text = multiContextKubeconfig();
    expectKubeconfigError(() => credentialsFromKubeconfig(text, 'nope'), 'context-not-found', /Context "nope" is not in this kubeconfig; pick one of: sim-admin/);
    expectKubeconfigError(() => credentialsFromKubeconfig(text, 'eks-prod'), 'exec-plugin', /runs `aws` to get a token, which cannot run on the Rampart server/);
    expectKubeconfigError(() => credentialsFromKubeconfig(text, 'gke'), 'auth-provider', /"gcp" auth-provider/);
    expectKubeconfigError(() => credentialsFromKubeconfig(text, 'with-files'), 'file-reference', /certificate-authority \(cluster "files"\).*never reads local files/);
    expectKubeconfigError(() => credentialsFromKubeconfig(text, 'key-files'), 'file-reference', /client-certificate \(user "keyfile"\), client-key/);
    expectKubeconfigError(() => credentialsFromKubeconfig(text, 'token-file'), 'file-reference', /tokenFile/);
    expectKubeconfigError(() => credentialsFromKubeconfig(text, 'http'), 'invalid-server', /only connects over https/);
  });

  it('never reads a file even when a stored kubeconfig is tampered with to reference one', () => {
    const tampered = {
      authType: 'kubeconfig' as const,
      context: 'key-files',
      kubeconfig: multiContextKubeconfig(),
    };
    expectKubeconfigError(() => kubeConfigFromCredentials(tampered), 'file-reference', /never reads local files/);
  });
});

describe('credentialsFromToken', () => {
  it('validates the URL, the token and the CA bundle', () => {
    expectKubeconfigError(() => credentialsFromToken({ server: 'not a url', token: 't' }), 'invalid-server', /not a valid URL/);
    expectKubeconfigError(() => credentialsFromToken({ server: 'http://x:6443', token: 't' }), 'invalid-server', /only connects over https/);
    expectKubeconfigError(() => credentialsFromToken({ server: sim.url, token: '  ' }), 'no-credentials', /token is empty/);
    expectKubeconfigError(() => credentialsFromToken({ server: sim.url, token: 't', caPem: 'garbage' }), 'invalid-certificate', /not a PEM certificate/);
    expect(credentialsFromToken({ server: ` ${sim.url} `, token: ` ${sim.token}\n`, caPem: sim.caPem })).toMatchObject({ server: sim.url, token: sim.token });
  });
});

describe('testConnection against kube-sim (HTTPS)', () => {
  it('reports the version through a stored kubeconfig', async () => {
    const { credentials } = credentialsFromKubeconfig(sim.kubeconfig, 'demo');
    const result = await testConnection(kubeConfigFromCredentials(credentials), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: true, version: 'v1.30.4' });
  });

  it('reports the version through URL + token + CA', async () => {
    const result = await testCredentials(credentialsFromToken({ server: sim.url, token: sim.token, caPem: sim.caPem }), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: true, version: 'v1.30.4' });
  });

  it('a wrong token is unauthorized, with what to do', async () => {
    const result = await testCredentials(credentialsFromToken({ server: sim.url, token: 'wrong-token', caPem: sim.caPem }), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, code: 'unauthorized' });
    if (!result.ok) {
      expect(result.message).toMatch(/401 Unauthorized.*wrong, expired or revoked/);
      expect(result.message).not.toContain('wrong-token');
    }
  });

  it('an identity that may not list namespaces is forbidden, quoting the API server', async () => {
    const token = sim.addToken({ user: 'system:serviceaccount:x:limited', deny: [{ resource: 'namespaces' }] });
    const result = await testCredentials(credentialsFromToken({ server: sim.url, token, caPem: sim.caPem }), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    if (!result.ok) expect(result.message).toMatch(/may not list namespaces \(403 Forbidden: namespaces is forbidden: User "system:serviceaccount:x:limited"/);
  });

  it('a CA that did not sign the server certificate is tls-unknown-ca', async () => {
    const result = await testCredentials(credentialsFromToken({ server: sim.url, token: sim.token, caPem: otherSim.caPem }), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, code: 'tls-unknown-ca' });
    if (!result.ok) expect(result.message).toContain("The server's certificate is not signed by the CA in the kubeconfig; paste the cluster's CA bundle");
  });

  it('no CA at all (system trust store) is also tls-unknown-ca', async () => {
    const result = await testCredentials(credentialsFromToken({ server: sim.url, token: sim.token }), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, code: 'tls-unknown-ca' });
  });

  it('a certificate for another name is tls-hostname', async () => {
    const result = await testCredentials(credentialsFromToken({ server: sim.url, token: sim.token, caPem: sim.caPem, tlsServerName: 'api.other-name.example' }), {
      timeoutMs: 5000,
    });
    expect(result).toMatchObject({ ok: false, code: 'tls-hostname' });
    if (!result.ok) expect(result.message).toMatch(/not valid for/);
  });

  it('a closed port is refused', async () => {
    const port = await new Promise<number>((resolve) => {
      const s: Server = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const result = await testCredentials(credentialsFromToken({ server: `https://127.0.0.1:${port}`, token: sim.token, caPem: sim.caPem }), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, code: 'refused' });
    if (!result.ok) expect(result.message).toContain(`127.0.0.1:${port} (connection refused)`);
  });

  it('an unresolvable host is dns', async () => {
    const result = await testCredentials(credentialsFromToken({ server: 'https://api.rampart-test.invalid:6443', token: sim.token, caPem: sim.caPem }), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, code: 'dns' });
    if (!result.ok) expect(result.message).toContain('"api.rampart-test.invalid" could not be resolved');
  });

  it('a server that never answers times out within the bound', async () => {
    sim.setFaults([{ match: '/version', action: { type: 'hang' } }]);
    try {
      const started = Date.now();
      const result = await testCredentials(credentialsFromToken({ server: sim.url, token: sim.token, caPem: sim.caPem }), { timeoutMs: 700 });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(result).toMatchObject({ ok: false, code: 'timeout' });
      if (!result.ok) expect(result.message).toContain('did not answer within 0.7 s');
    } finally {
      sim.setFaults([]);
    }
  });

  it('a TCP server that accepts but never speaks TLS times out too', async () => {
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    try {
      const result = await testCredentials(credentialsFromToken({ server: `https://127.0.0.1:${port}`, token: sim.token, caPem: sim.caPem }), { timeoutMs: 700 });
      expect(result).toMatchObject({ ok: false, code: 'timeout' });
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('a server without /version is not-kubernetes', async () => {
    sim.setFaults([{ match: '/version', action: { type: 'status', code: 404 } }]);
    try {
      const result = await testCredentials(credentialsFromToken({ server: sim.url, token: sim.token, caPem: sim.caPem }), { timeoutMs: 5000 });
      expect(result).toMatchObject({ ok: false, code: 'not-kubernetes' });
    } finally {
      sim.setFaults([]);
    }
  });

  it('in-cluster credentials use the mounted service-account token, and say so when there is none', async () => {
    const notInPod = await testCredentials({ authType: 'in_cluster' }, { inClusterPathPrefix: '/nonexistent-rampart-root' });
    expect(notInPod).toMatchObject({ ok: false, code: 'error' });
    if (!notInPod.ok) expect(notInPod.message).toContain('not running inside a Kubernetes pod');

    const root = await mkdtemp(path.join(os.tmpdir(), 'rampart-incluster-'));
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    try {
      const files = await sim.writeServiceAccountFiles(root);
      process.env.KUBERNETES_SERVICE_HOST = files.env.KUBERNETES_SERVICE_HOST;
      process.env.KUBERNETES_SERVICE_PORT = files.env.KUBERNETES_SERVICE_PORT;
      const result = await testCredentials({ authType: 'in_cluster' }, { inClusterPathPrefix: files.pathPrefix, timeoutMs: 5000 });
      expect(result).toMatchObject({ ok: true, version: 'v1.30.4' });
    } finally {
      if (saved.host === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
      else process.env.KUBERNETES_SERVICE_HOST = saved.host;
      if (saved.port === undefined) delete process.env.KUBERNETES_SERVICE_PORT;
      else process.env.KUBERNETES_SERVICE_PORT = saved.port;
      await rm(root, { recursive: true, force: true });
    }
  });
});
