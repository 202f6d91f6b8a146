/** Guide section 6, Secrets Management: encryption at rest, secrets in env and config, external stores. */
import type { Check } from '../types';
import { check as externalSecretStore } from './external-secret-store';
import { check as hardcodedSecretInCommand } from './hardcoded-secret-in-command';
import { check as hardcodedSecretInEnv } from './hardcoded-secret-in-env';
import { check as secretInEnvVar } from './secret-in-env-var';
import { check as secretLikeConfigmapKey } from './secret-like-configmap-key';
import { check as secretLikeConfigmapValue } from './secret-like-configmap-value';
import { check as secretsEncryptionAtRest } from './secrets-encryption-at-rest';

export const checks: Check[] = [
  secretsEncryptionAtRest,
  secretInEnvVar,
  hardcodedSecretInEnv,
  hardcodedSecretInCommand,
  secretLikeConfigmapKey,
  secretLikeConfigmapValue,
  externalSecretStore,
];
