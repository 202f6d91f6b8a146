/**
 * Rampart's 32-byte master key: RAMPART_SECRET_KEY (base64 or 64 hex characters), or
 * generated once into RAMPART_DATA_DIR/secret.key (mode 0600) on first use. Other
 * secrets (the auth cookie secret) are derived from it with HKDF.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '@/lib/config';

export const MASTER_KEY_FILE = 'secret.key';

export function parseMasterKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new Error(`${source} must be 32 bytes, written as base64 or 64 hex characters (got ${key.length} bytes).`);
  }
  return key;
}

export function loadMasterKey(config: Pick<Config, 'RAMPART_SECRET_KEY' | 'dataDir'>): Buffer {
  if (config.RAMPART_SECRET_KEY) return parseMasterKey(config.RAMPART_SECRET_KEY, 'RAMPART_SECRET_KEY');
  const file = path.join(config.dataDir, MASTER_KEY_FILE);
  try {
    return parseMasterKey(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx': never overwrite a key another process wrote a moment ago.
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseMasterKey(readFileSync(file, 'utf8'), file);
}
