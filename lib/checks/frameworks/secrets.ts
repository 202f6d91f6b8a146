/** Framework mappings of the secrets section (guide 6). CIS ids: CIS Kubernetes Benchmark v1.10. */
import type { FrameworkTable } from './types';

export const frameworks: FrameworkTable = {
  'secrets-encryption-at-rest': { cis: ['1.2.27', '1.2.28'], nsa: ['Network separation and hardening: Secrets encrypted at rest'] },
  'secret-in-env-var': { cis: ['5.4.1'], nsa: ['Network separation and hardening: Secrets'] },
  'hardcoded-secret-in-env': { nsa: ['Network separation and hardening: Secrets', 'Upgrading and application security practices'] },
  'hardcoded-secret-in-command': { nsa: ['Network separation and hardening: Secrets', 'Upgrading and application security practices'] },
  'secret-like-configmap-key': { nsa: ['Network separation and hardening: Secrets'] },
  'secret-like-configmap-value': { nsa: ['Network separation and hardening: Secrets'] },
  'external-secret-store': { cis: ['5.4.2'], nsa: ['Network separation and hardening: Secrets (external secret management)'] },
};
