// Certificates made at test time (selfsigned), never committed: a test certificate authority that
// Vigil is told to trust, server certificates it signs (for chosen names, or already expired),
// and self-signed ones that no authority vouches for. EC keys: made in milliseconds.
import selfsigned from 'selfsigned';

export interface KeyAndCertificate {
  key: string;
  cert: string;
}

export interface CertificateOptions {
  /** Default: valid from an hour ago for a year. */
  notBefore?: Date;
  notAfter?: Date;
}

export interface TestAuthority extends KeyAndCertificate {
  /** A server certificate for these DNS names, signed by this authority. */
  issue(names: string[], options?: CertificateOptions): Promise<KeyAndCertificate>;
}

const HOUR = 3_600_000;
const YEAR = 365 * 24 * HOUR;

export async function createTestAuthority(): Promise<TestAuthority> {
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'Vigil test authority' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity({}),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const authority = { key: ca.private, cert: ca.cert };
  return { ...authority, issue: (names, options = {}) => serverCertificate(names, options, authority) };
}

/** A certificate for these DNS names that signs itself: no authority Vigil trusts vouches for it. */
export function selfSignedCertificate(names: string[]): Promise<KeyAndCertificate> {
  return serverCertificate(names, {}, undefined);
}

async function serverCertificate(names: string[], options: CertificateOptions, ca: KeyAndCertificate | undefined): Promise<KeyAndCertificate> {
  const made = await selfsigned.generate([{ name: 'commonName', value: names[0] ?? 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity(options),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((value) => ({ type: 2 as const, value })) },
    ],
    ...(ca && { ca: { key: ca.key, cert: ca.cert } }),
  });
  return { key: made.private, cert: made.cert };
}

function validity(options: CertificateOptions): { notBeforeDate: Date; notAfterDate: Date } {
  const notBeforeDate = options.notBefore ?? new Date(Date.now() - HOUR);
  return { notBeforeDate, notAfterDate: options.notAfter ?? new Date(notBeforeDate.getTime() + YEAR) };
}
