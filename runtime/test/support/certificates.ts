import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * A self-signed certificate for 127.0.0.1 (its own CA), made by openssl in `dir` as `<name>.pem`
 * and `<name>.key`, for the TLS tests' servers of their own; the paths of the certificate and key.
 */
export function selfSignedCertificate(dir: string, name: string): { cert: string; key: string } {
  const [cert, key] = [join(dir, `${name}.pem`), join(dir, `${name}.key`)];
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  assert.equal(made.status, 0, `openssl could not make a certificate: ${made.error?.message ?? ''}${made.stderr}`);
  return { cert, key };
}
