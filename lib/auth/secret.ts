/**
 * The secret better-auth signs session cookies with. RAMPART_AUTH_SECRET when set;
 * otherwise derived with HKDF-SHA256 from Rampart's master key (RAMPART_SECRET_KEY or
 * the generated RAMPART_DATA_DIR/secret.key), so every replica sharing the key agrees
 * without another secret to distribute, and rotating the master key signs everyone out.
 */
import { hkdfSync } from 'node:crypto';
import { getConfig, type Config } from '@/lib/config';
import { loadSecretKeys } from '@/lib/crypto/secret-box';

const HKDF_INFO = 'rampart/better-auth-secret/v1';

export function deriveAuthSecret(masterKey: Buffer): string {
  if (masterKey.length < 32) throw new Error('The master key must be at least 32 bytes.');
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), HKDF_INFO, 32)).toString('base64url');
}

export function getAuthSecret(config: Config = getConfig()): string {
  if (config.RAMPART_AUTH_SECRET) return config.RAMPART_AUTH_SECRET;
  return deriveAuthSecret(loadSecretKeys(config).current.key);
}
