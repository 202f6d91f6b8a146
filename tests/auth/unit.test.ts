import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { hasProductionBuild } from '@/bin/commands/serve';
import { contentSecurityPolicy } from '@/lib/auth/csp';
import { safeNextPath } from '@/lib/auth/redirects';
import { deriveAuthSecret, getAuthSecret } from '@/lib/auth/secret';
import { resetConfigForTests } from '@/lib/config';
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

  it('refuses paths a browser would turn into another origin once it drops tabs and newlines or reads backslashes as slashes', () => {
    const hostile = [
      '/\t/evil.example',
      decodeURIComponent('/%09/evil.example'),
      decodeURIComponent('/%0a/evil.example'),
      decodeURIComponent('/%0d%0a/evil.example'),
      decodeURIComponent('%09//evil.example'),
      ' //evil.example',
      '/ /evil.example',
      '\\evil.example',
      '/\\evil.example',
      '/x\\..\\..\\/evil.example',
      decodeURIComponent('/%00/evil.example'),
      '/./sign-in',
      '/clusters/../api/users',
      '/' + 'a'.repeat(5000),
    ];
    for (const bad of hostile) expect(safeNextPath(bad), JSON.stringify(bad)).toBe('/');
    // Resolved against this site, an ordinary path keeps its query and fragment.
    expect(safeNextPath('/findings?q=a%20b#top')).toBe('/findings?q=a%20b#top');
    expect(safeNextPath('/clusters/./abc')).toBe('/clusters/abc');
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

describe('Strict-Transport-Security', () => {
  function withBaseUrl(url: string, run: () => void) {
    const saved = process.env.RAMPART_BASE_URL;
    process.env.RAMPART_BASE_URL = url;
    resetConfigForTests();
    try {
      run();
    } finally {
      if (saved === undefined) delete process.env.RAMPART_BASE_URL;
      else process.env.RAMPART_BASE_URL = saved;
      resetConfigForTests();
    }
  }

  it('is sent on pages, redirects and API responses when the base URL is https', () => {
    withBaseUrl('https://rampart.example', () => {
      const cookie = { cookie: 'rampart.session_token=abc.def' };
      for (const response of [
        proxy(new NextRequest('https://rampart.example/clusters', { headers: cookie })),
        proxy(new NextRequest('https://rampart.example/findings')),
        proxy(new NextRequest('https://rampart.example/api/clusters')),
        proxy(new NextRequest('https://rampart.example/metrics')),
      ]) {
        expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
      }
    });
  });

  it('is not sent over plain http (it would pin a site that has no certificate)', () => {
    withBaseUrl('http://localhost:3000', () => {
      expect(proxy(new NextRequest('http://localhost:3000/clusters', { headers: { cookie: 'rampart.session_token=abc.def' } })).headers.get('strict-transport-security')).toBeNull();
      expect(proxy(new NextRequest('http://localhost:3000/api/clusters')).headers.get('strict-transport-security')).toBeNull();
    });
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
