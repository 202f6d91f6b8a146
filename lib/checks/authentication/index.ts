/** Guide section 2, Authentication: identities, service accounts, tokens, authentication strategies. */
import type { Check } from '../types';
import { check as apiserverNoExternalIdentity } from './apiserver-no-external-identity';
import { check as apiserverServiceAccountLookup } from './apiserver-service-account-lookup';
import { check as apiserverStaticTokenFile } from './apiserver-static-token-file';
import { check as defaultServiceAccountUsed } from './default-service-account-used';
import { check as legacyServiceAccountTokenSecret } from './legacy-service-account-token-secret';

export const checks: Check[] = [
  defaultServiceAccountUsed,
  legacyServiceAccountTokenSecret,
  apiserverServiceAccountLookup,
  apiserverStaticTokenFile,
  apiserverNoExternalIdentity,
];
