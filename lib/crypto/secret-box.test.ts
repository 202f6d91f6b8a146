import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getConfig } from '../config';
import {
  blobKeyId,
  DecryptionError,
  decryptSecret,
  encryptSecret,
  keyIdOf,
  loadSecretKeys,
  needsReencryption,
  parseSecretKey,
  SECRET_KEY_FILE,
  SecretKeyError,
  type SecretKeys,
} from './secret-box';

/** A configuration from the given variables only (not process.env). */
function configFor(env: Record<string, string>) {
  return getConfig({ NODE_ENV: 'test', ...env });
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rampart-secret-box-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function keysFrom(env: Record<string, string>): SecretKeys {
  return loadSecretKeys(configFor({ RAMPART_DATA_DIR: tempDir(), ...env }));
}

const keyA = randomBytes(32);
const keyB = randomBytes(32);

describe('encryptSecret / decryptSecret', () => {
  const keys = keysFrom({ RAMPART_SECRET_KEY: keyA.toString('base64') });

  it('round-trips text, including multi-line kubeconfigs and non-ASCII', () => {
    const kubeconfig = 'apiVersion: v1\nkind: Config\nusers:\n- name: ü\n  user: { token: abc }\n';
    const blob = encryptSecret(kubeconfig, keys);
    expect(decryptSecret(blob, keys)).toBe(kubeconfig);
    expect(decryptSecret(encryptSecret('', keys), keys)).toBe('');
  });

  it('writes v1:<keyId>:<iv>:<tag>:<ciphertext> with a fresh IV each time and no plaintext', () => {
    const a = encryptSecret('token-123', keys);
    const b = encryptSecret('token-123', keys);
    expect(a).not.toBe(b);
    const parts = a.split(':');
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe('v1');
    expect(parts[1]).toBe(keyIdOf(keyA));
    expect(Buffer.from(parts[2]!, 'base64')).toHaveLength(12);
    expect(Buffer.from(parts[3]!, 'base64')).toHaveLength(16);
    expect(a).not.toContain('token-123');
    expect(blobKeyId(a)).toBe(keys.current.id);
  });

  it('detects a flipped byte in the ciphertext, the tag or the IV', () => {
    const blob = encryptSecret('secret credentials', keys);
    const parts = blob.split(':');
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index]!, 'base64');
      bytes[0] = bytes[0]! ^ 0x01;
      const tampered = [...parts];
      tampered[index] = bytes.toString('base64');
      expect(() => decryptSecret(tampered.join(':'), keys)).toThrow(DecryptionError);
      expect(() => decryptSecret(tampered.join(':'), keys)).toThrow(/modified or corrupted/);
    }
  });

  it('refuses a blob whose keyId was edited to another known key', () => {
    const rotating = keysFrom({
      RAMPART_SECRET_KEY: keyA.toString('base64'),
      RAMPART_SECRET_KEY_PREVIOUS: keyB.toString('hex'),
    });
    const blob = encryptSecret('x', rotating);
    const forged = blob.replace(`:${keyIdOf(keyA)}:`, `:${keyIdOf(keyB)}:`);
    expect(() => decryptSecret(forged, rotating)).toThrow(DecryptionError);
  });

  it('fails with a clear error under the wrong key', () => {
    const other = keysFrom({ RAMPART_SECRET_KEY: keyB.toString('base64') });
    const blob = encryptSecret('x', keys);
    expect(() => decryptSecret(blob, other)).toThrow(DecryptionError);
    expect(() => decryptSecret(blob, other)).toThrow(new RegExp(`encrypted with key ${keyIdOf(keyA)}`));
  });

  it('decrypts with RAMPART_SECRET_KEY_PREVIOUS during rotation and reports what needs re-encryption', () => {
    const old = keysFrom({ RAMPART_SECRET_KEY: keyA.toString('base64') });
    const blob = encryptSecret('legacy', old);
    const rotating = keysFrom({
      RAMPART_SECRET_KEY: keyB.toString('base64'),
      RAMPART_SECRET_KEY_PREVIOUS: keyA.toString('base64'),
    });
    expect(decryptSecret(blob, rotating)).toBe('legacy');
    expect(needsReencryption(blob, rotating)).toBe(true);
    expect(needsReencryption(encryptSecret('new', rotating), rotating)).toBe(false);
  });

  it('rejects malformed blobs', () => {
    expect(() => decryptSecret('plain text', keys)).toThrow(/unknown format/);
    expect(() => decryptSecret('v2:a:b:c:d', keys)).toThrow(/unknown format/);
    expect(() => decryptSecret(`v1:${keys.current.id}:!!:??:**`, keys)).toThrow(/malformed/);
  });
});

describe('secret keys', () => {
  it('accepts base64 (standard and URL-safe) and 64 hex characters', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64url')).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseSecretKey(` ${key.toString('hex').toUpperCase()}\n`).equals(key)).toBe(true);
  });

  it('rejects keys of the wrong size or format with a message that does not echo the value', () => {
    for (const bad of ['hunter2', randomBytes(16).toString('base64'), 'z'.repeat(64), randomBytes(33).toString('hex')]) {
      let error: unknown;
      try {
        keysFrom({ RAMPART_SECRET_KEY: bad });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SecretKeyError);
      expect((error as Error).message).toMatch(/RAMPART_SECRET_KEY must be a 32-byte key/);
      expect((error as Error).message).not.toContain(bad);
    }
    expect(() => keysFrom({ RAMPART_SECRET_KEY: keyA.toString('base64'), RAMPART_SECRET_KEY_PREVIOUS: 'short' })).toThrow(
      /RAMPART_SECRET_KEY_PREVIOUS must be a 32-byte key/,
    );
  });

  it('generates <dataDir>/secret.key once, with mode 0600, and reuses it', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const first = loadSecretKeys(configFor({ RAMPART_DATA_DIR: dataDir }));
    const file = path.join(dataDir, SECRET_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseSecretKey(readFileSync(file, 'utf8')).equals(first.current.key)).toBe(true);
    const second = loadSecretKeys(configFor({ RAMPART_DATA_DIR: dataDir }));
    expect(second.current.id).toBe(first.current.id);
    expect(decryptSecret(encryptSecret('x', first), second)).toBe('x');
  });

  it('creates the key file 0600 even under a permissive umask', () => {
    const previous = process.umask(0o000);
    try {
      const dataDir = tempDir();
      loadSecretKeys(configFor({ RAMPART_DATA_DIR: dataDir }));
      expect(statSync(path.join(dataDir, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('refuses a key file other users can read', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, SECRET_KEY_FILE);
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`);
    chmodSync(file, 0o644);
    expect(() => loadSecretKeys(configFor({ RAMPART_DATA_DIR: dataDir }))).toThrow(/readable by other users.*chmod 600/);
  });

  it('prefers RAMPART_SECRET_KEY over the key file', () => {
    const keys = keysFrom({ RAMPART_SECRET_KEY: keyA.toString('hex') });
    expect(keys.current.id).toBe(keyIdOf(keyA));
    expect(keys.source).toBe('RAMPART_SECRET_KEY');
  });
});
