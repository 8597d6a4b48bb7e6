import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { selfSignedCertificate } from '../support/certificates.js';
import { type StartedRedis, startStandalone } from '../support/redisServers.js';
import { runTs } from '../support/tsChild.js';

const certs = mkdtempSync(join(tmpdir(), 'messenger-redis-tls-'));
let server: StartedRedis | undefined;
after(async () => {
  await server?.stop();
  rmSync(certs, { recursive: true, force: true });
});

it('rediss:// connects over TLS (a redis-server of the test’s own, with a certificate it made)', async () => {
  const { cert, key } = selfSignedCertificate(certs, 'server');
  let tlsPort = 0;
  server = await startStandalone((port) => {
    tlsPort = port + 3;
    return ['--tls-port', String(tlsPort), '--tls-cert-file', cert, '--tls-key-file', key, '--tls-auth-clients', 'no'];
  });
  const run = runTs(new URL('fixtures/roundTrip.ts', import.meta.url), [`rediss://127.0.0.1:${tlsPort}/tls_stream`], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: cert },
  });
  assert.equal(run.status, 0, `${run.error?.message ?? ''}${run.stderr}`);
  assert.equal(run.stdout.trim(), 'over TLS');
});
