import { describe, expect, it } from 'vitest';
import { isExceptionActive } from './active';
import { compileExceptions, globToRegExp, type ExceptionRule } from './match';

const now = new Date('2026-06-01T00:00:00Z');
const base: ExceptionRule = {
  id: 'e1',
  clusterId: 'c1',
  scope: 'check',
  findingId: null,
  checkId: 'privileged-container',
  namespacePattern: null,
  labelSelector: null,
  resourceNamePattern: null,
  expiresAt: null,
  revokedAt: null,
  state: 'approved',
};
const subject = {
  clusterId: 'c1',
  checkId: 'privileged-container',
  findingId: 'f1',
  resource: { kind: 'DaemonSet', namespace: 'monitoring', name: 'node-exporter' },
  labels: { app: 'node-exporter', tier: 'infra' },
};

describe('exception matching', () => {
  it('a check exception covers that check and no other', () => {
    const m = compileExceptions([base], now);
    expect(m.match(subject)?.id).toBe('e1');
    expect(m.match({ ...subject, checkId: 'host-namespaces' })).toBeUndefined();
  });

  it('is limited to its cluster unless cluster-wide', () => {
    expect(compileExceptions([base], now).match({ ...subject, clusterId: 'c2' })).toBeUndefined();
    expect(compileExceptions([{ ...base, clusterId: null }], now).match({ ...subject, clusterId: 'c2' })?.id).toBe('e1');
  });

  it('narrows by namespace glob, name glob and label selector', () => {
    expect(compileExceptions([{ ...base, namespacePattern: 'monitor*' }], now).match(subject)).toBeDefined();
    expect(compileExceptions([{ ...base, namespacePattern: 'kube-*' }], now).match(subject)).toBeUndefined();
    expect(compileExceptions([{ ...base, resourceNamePattern: 'node-?xporter' }], now).match(subject)).toBeDefined();
    expect(compileExceptions([{ ...base, resourceNamePattern: 'node' }], now).match(subject)).toBeUndefined();
    expect(compileExceptions([{ ...base, labelSelector: 'tier in (infra,ops),app' }], now).match(subject)).toBeDefined();
    expect(compileExceptions([{ ...base, labelSelector: 'tier!=infra' }], now).match(subject)).toBeUndefined();
  });

  it('a finding exception covers exactly that finding', () => {
    const rule: ExceptionRule = { ...base, scope: 'finding', findingId: 'f1', checkId: null };
    expect(compileExceptions([rule], now).match(subject)?.id).toBe('e1');
    expect(compileExceptions([rule], now).match({ ...subject, findingId: 'f2' })).toBeUndefined();
    expect(compileExceptions([rule], now).match({ ...subject, findingId: undefined })).toBeUndefined();
  });

  it('expired and revoked exceptions no longer apply', () => {
    expect(isExceptionActive({ state: 'approved', expiresAt: new Date('2026-06-01T00:00:00Z'), revokedAt: null }, now)).toBe(false);
    expect(isExceptionActive({ state: 'approved', expiresAt: new Date('2026-06-02T00:00:00Z'), revokedAt: null }, now)).toBe(true);
    expect(isExceptionActive({ state: 'approved', expiresAt: null, revokedAt: new Date('2026-05-01T00:00:00Z') }, now)).toBe(false);
    expect(compileExceptions([{ ...base, expiresAt: new Date('2026-05-31T00:00:00Z') }], now).match(subject)).toBeUndefined();
  });

  it('a requested or rejected exception applies to nothing until it is approved', () => {
    expect(isExceptionActive({ state: 'requested', expiresAt: null, revokedAt: null }, now)).toBe(false);
    expect(isExceptionActive({ state: 'rejected', expiresAt: null, revokedAt: null }, now)).toBe(false);
    expect(compileExceptions([{ ...base, state: 'requested' }], now).match(subject)).toBeUndefined();
    expect(compileExceptions([{ ...base, state: 'rejected' }], now).match(subject)).toBeUndefined();
    expect(compileExceptions([{ ...base, state: 'approved' }], now).match(subject)).toBeDefined();
  });
});

describe('globs', () => {
  it('globs escape regex characters', () => {
    expect(globToRegExp('a.b*').test('a.bc')).toBe(true);
    expect(globToRegExp('a.b*').test('axbc')).toBe(false);
  });
});
