import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { hasProductionBuild } from '@/bin/commands/serve';
import { contentSecurityPolicy } from '@/lib/auth/csp';
import { safeNextPath } from '@/lib/auth/redirects';
import { deriveAuthSecret, getAuthSecret } from '@/lib/auth/secret';
import { proxy } from '@/proxy';
import { testConfig } from './helpers';

describe('auth secret', () => {
  it('is derived deterministically from the master key, differs per key, and RAMPART_AUTH_SECRET wins', () => {
    const key = Buffer.alloc(32, 7);
    expect(deriveAuthSecret(key)).toBe(deriveAuthSecret(Buffer.alloc(32, 7)));
    expect(deriveAuthSecret(key)).not.toBe(deriveAuthSecret(Buffer.alloc(32, 8)));
    expect(deriveAuthSecret(key)).not.toContain(key.toString('base64'));
    expect(deriveAuthSecret(key).length).toBeGreaterThanOrEqual(43);

    const hex = 'ab'.repeat(32);
    const fromKey = getAuthSecret(testConfig({ RAMPART_AUTH_SECRET: '', RAMPART_SECRET_KEY: hex }));
    expect(fromKey).toBe(deriveAuthSecret(Buffer.from(hex, 'hex')));
    expect(getAuthSecret(testConfig({ RAMPART_SECRET_KEY: hex }))).toBe('test-secret-test-secret-test-secret-0123456789');
  });
});

describe('safeNextPath (no open redirects after sign-in)', () => {
  it('keeps local paths and refuses everything else', () => {
    expect(safeNextPath('/clusters/abc?tab=scans')).toBe('/clusters/abc?tab=scans');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', undefined, ['/x'], '/sign-in', '/api/users']) {
      expect(safeNextPath(bad)).toBe('/');
    }
  });
});

describe('proxy', () => {
  it('redirects signed-out page requests to /sign-in with the path to come back to', () => {
    const response = proxy(new NextRequest('http://localhost:3000/findings?severity=critical'));
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('http://localhost:3000/sign-in?next=%2Ffindings%3Fseverity%3Dcritical');
    expect(proxy(new NextRequest('http://localhost:3000/')).headers.get('location')).toBe('http://localhost:3000/sign-in');
  });

  it('never redirects API requests (withAuth answers 401 JSON there)', () => {
    const response = proxy(new NextRequest('http://localhost:3000/api/clusters'));
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('x-middleware-next')).toBe('1');
  });

  it('lets the sign-in page and session holders through with a nonce-based CSP', () => {
    const signIn = proxy(new NextRequest('http://localhost:3000/sign-in'));
    expect(signIn.headers.get('location')).toBeNull();
    const page = proxy(new NextRequest('http://localhost:3000/clusters', { headers: { cookie: 'rampart.session_token=abc.def' } }));
    expect(page.headers.get('location')).toBeNull();
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const again = proxy(new NextRequest('http://localhost:3000/clusters', { headers: { cookie: 'rampart.session_token=abc.def' } }));
    expect(again.headers.get('content-security-policy')).not.toBe(csp); // a fresh nonce per request
  });

  it('builds a production CSP without eval and upgrades requests only on https', () => {
    expect(contentSecurityPolicy('n', { dev: false, https: false })).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy('n', { dev: true, https: false })).toContain('unsafe-eval');
    expect(contentSecurityPolicy('n', { dev: false, https: true })).toContain('upgrade-insecure-requests');
  });
});

describe('rampart serve', () => {
  it('recognises a missing production build', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rampart-serve-'));
    expect(hasProductionBuild(dir)).toBe(false);
    mkdirSync(path.join(dir, '.next'));
    writeFileSync(path.join(dir, '.next', 'BUILD_ID'), 'x');
    expect(hasProductionBuild(dir)).toBe(true);
  });
});
