/**
 * Encryption of stored secrets (cluster credentials, webhook secrets): AES-256-GCM with a
 * random 12-byte IV, authenticated, in a versioned text format:
 *
 *   v1:<keyId>:<iv>:<tag>:<ciphertext>        (iv, tag, ciphertext in base64)
 *
 * keyId is a short hash of the key, so a blob says which key sealed it (key rotation re-seals
 * blobs whose keyId is not the current one). "v1:<keyId>" is bound in as associated data:
 * editing any part of a blob makes decryption fail.
 *
 * The key: config RAMPART_SECRET_KEY (32 bytes as base64 or 64 hex characters), or, when
 * unset, one generated on first use into `<dataDir>/secret.key` (mode 0600 from creation).
 * RAMPART_SECRET_KEY_PREVIOUS is accepted for decryption only, during rotation.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getConfig, type Config } from '../config';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
export const SECRET_KEY_FILE = 'secret.key';

export interface SecretKey {
  /** Short hash of the key (12 hex chars); safe to store and log. */
  id: string;
  key: Buffer;
}

export interface SecretKeys {
  /** Encrypts; decrypts its own blobs. */
  current: SecretKey;
  /** Decrypts only (RAMPART_SECRET_KEY_PREVIOUS). */
  previous?: SecretKey;
  /** Where the current key came from, for messages: 'RAMPART_SECRET_KEY' or the key file path. */
  source: string;
}

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

/** keyId: first 12 hex chars of SHA-256 over a label and the key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('rampart-secret-key-id\0').update(key).digest('hex').slice(0, 12);
}

/**
 * Parses a 32-byte key given as 64 hex characters or base64 (standard or URL-safe).
 * `name` is the setting it came from; the value itself never appears in the error.
 */
export function parseSecretKey(text: string, name = 'RAMPART_SECRET_KEY'): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const decoded = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (decoded.length === KEY_BYTES) return decoded;
  }
  throw new SecretKeyError(
    `${name} must be a 32-byte key written as base64 (44 characters, e.g. from \`openssl rand -base64 32\`) or as 64 hex characters (\`openssl rand -hex 32\`); the value given (${value.length} characters) is neither.`,
  );
}

function toSecretKey(key: Buffer): SecretKey {
  return { id: keyIdOf(key), key };
}

/** Reads `<dataDir>/secret.key`, creating it (0600, atomically) on first use. */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, SECRET_KEY_FILE);
  try {
    return readKeyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Write the whole key to a private temporary file, then link it into place: another
  // process starting at the same moment either wins the link (we read its key) or loses.
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(tmp);
  }
  return readKeyFile(file);
}

function readKeyFile(file: string): Buffer {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new SecretKeyError(
      `${file} is readable by other users (mode ${mode.toString(8).padStart(4, '0')}). It holds the key that protects stored cluster credentials: run \`chmod 600 ${file}\`.`,
    );
  }
  return parseSecretKey(readFileSync(file, 'utf8'), file);
}

/** The keys for a configuration (reads or creates the key file when RAMPART_SECRET_KEY is unset). */
export function loadSecretKeys(config: Config = getConfig()): SecretKeys {
  const current = config.RAMPART_SECRET_KEY
    ? { key: parseSecretKey(config.RAMPART_SECRET_KEY), source: 'RAMPART_SECRET_KEY' }
    : { key: loadOrCreateKeyFile(config.dataDir), source: path.join(config.dataDir, SECRET_KEY_FILE) };
  const previous = config.RAMPART_SECRET_KEY_PREVIOUS
    ? toSecretKey(parseSecretKey(config.RAMPART_SECRET_KEY_PREVIOUS, 'RAMPART_SECRET_KEY_PREVIOUS'))
    : undefined;
  return { current: toSecretKey(current.key), previous, source: current.source };
}

let cachedKeys: SecretKeys | undefined;

/** The process's keys, loaded once from getConfig(). */
export function getSecretKeys(): SecretKeys {
  cachedKeys ??= loadSecretKeys();
  return cachedKeys;
}

/** For tests that change the configuration. */
export function resetSecretKeysForTests(): void {
  cachedKeys = undefined;
}

/** keyId of the current key: store it beside each blob (e.g. Cluster.credentialsKeyId). */
export function currentKeyId(keys: SecretKeys = getSecretKeys()): string {
  return keys.current.id;
}

/** Seals a UTF-8 string. */
export function encryptSecret(plaintext: string, keys: SecretKeys = getSecretKeys()): string {
  const { id, key } = keys.current;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(`${VERSION}:${id}`));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, id, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
}

interface ParsedBlob {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function parseBlob(blob: string): ParsedBlob {
  const parts = blob.split(':');
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new DecryptionError(
      `Cannot decrypt stored secret: unknown format (expected "${VERSION}:<keyId>:<iv>:<tag>:<ciphertext>").`,
    );
  }
  const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
  const b64 = /^[A-Za-z0-9+/]*={0,2}$/;
  if (!/^[0-9a-f]{12}$/.test(keyId) || !b64.test(iv) || !b64.test(tag) || !b64.test(ciphertext)) {
    throw new DecryptionError('Cannot decrypt stored secret: it is malformed.');
  }
  const parsed = {
    keyId,
    iv: Buffer.from(iv, 'base64'),
    tag: Buffer.from(tag, 'base64'),
    ciphertext: Buffer.from(ciphertext, 'base64'),
  };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) {
    throw new DecryptionError('Cannot decrypt stored secret: it is malformed.');
  }
  return parsed;
}

/** The keyId a blob was sealed with (without decrypting it). */
export function blobKeyId(blob: string): string {
  return parseBlob(blob).keyId;
}

/** True when the blob was sealed with a key other than the current one (rotate it). */
export function needsReencryption(blob: string, keys: SecretKeys = getSecretKeys()): boolean {
  return blobKeyId(blob) !== keys.current.id;
}

/** Opens a blob from encryptSecret(). Throws DecryptionError when modified or sealed with an unknown key. */
export function decryptSecret(blob: string, keys: SecretKeys = getSecretKeys()): string {
  const { keyId, iv, tag, ciphertext } = parseBlob(blob);
  const candidates = [keys.current, keys.previous].filter((k): k is SecretKey => k !== undefined);
  const secretKey = candidates.find((k) => k.id === keyId);
  if (!secretKey) {
    throw new DecryptionError(
      `Cannot decrypt stored secret: it was encrypted with key ${keyId}, but the configured key is ${keys.current.id}${keys.previous ? ` (previous: ${keys.previous.id})` : ''}. Restore the original RAMPART_SECRET_KEY (or ${SECRET_KEY_FILE}), or set it as RAMPART_SECRET_KEY_PREVIOUS while rotating.`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', secretKey.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${VERSION}:${keyId}`));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError(
      'Cannot decrypt stored secret: authentication failed (the stored value was modified or corrupted).',
    );
  }
}
