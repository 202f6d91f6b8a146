/**
 * TLS settings shared by the API server and kubelet checks: which cipher suites are weak and
 * which minimum versions are too old. Kubernetes components hand these names to Go's crypto/tls.
 */

/**
 * Cipher suites Go itself lists as insecure (crypto/tls InsecureCipherSuites): RC4 and 3DES,
 * and the CBC-SHA256 suites whose constant-time protection Go does not implement. A component
 * configured with any of them offers it to every client that asks.
 */
export const WEAK_CIPHER_SUITES: ReadonlySet<string> = new Set([
  'TLS_RSA_WITH_RC4_128_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_RSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
]);

/** The weak suites in a configured list (names compared as Go spells them). */
export function weakCipherSuites(suites: readonly string[]): string[] {
  return suites.map((s) => s.trim()).filter((s) => WEAK_CIPHER_SUITES.has(s.toUpperCase()));
}

/** True for a minimum TLS version below 1.2 (VersionTLS10, VersionTLS11). */
export function tlsVersionTooOld(version: string | undefined): boolean {
  return version !== undefined && ['VersionTLS10', 'VersionTLS11'].includes(version.trim());
}

/** The strong suites a remediation suggests (TLS 1.2 AEAD suites with forward secrecy). */
export const STRONG_CIPHER_SUITES =
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256';
