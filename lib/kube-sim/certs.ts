/**
 * A throwaway certificate authority and a serving certificate signed by it, generated at start,
 * valid for 127.0.0.1, ::1 and localhost (what kubectl and client-node verify against).
 */
import { generate } from 'selfsigned';

export interface SimCertificates {
  /** PEM of the CA certificate: what clients trust (kubeconfig certificate-authority-data, ca.crt). */
  caPem: string;
  /** PEM of the server certificate followed by the CA (full chain). */
  certPem: string;
  keyPem: string;
}

export async function generateSimCertificates(): Promise<SimCertificates> {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const notAfterDate = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'kube-sim-ca' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'kube-apiserver' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: 'kubernetes' },
          { type: 2, value: 'kubernetes.default.svc' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { caPem: ca.cert, certPem: `${server.cert.trim()}\n${ca.cert.trim()}\n`, keyPem: server.private };
}
