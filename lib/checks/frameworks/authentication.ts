/** Framework mappings of the authentication section (guide 2). CIS ids: CIS Kubernetes Benchmark v1.10. */
import type { FrameworkTable } from './types';

export const frameworks: FrameworkTable = {
  'default-service-account-used': { cis: ['5.1.5'], nsa: ['Authentication and authorization: service accounts'] },
  'legacy-service-account-token-secret': { nsa: ['Authentication and authorization: service account tokens'] },
  'apiserver-service-account-lookup': { cis: ['1.2.21'], nsa: ['Authentication and authorization: service account tokens'] },
  'apiserver-static-token-file': { cis: ['1.2.2'], nsa: ['Authentication and authorization: avoid static credential files'] },
  'apiserver-no-external-identity': { cis: ['3.1.1'], nsa: ['Authentication and authorization: external identity provider (OIDC)'] },
};
