// TLS with the venue's server, tried for real: a cluster listening on 127.0.0.1 with a certificate for `localhost`
// signed by a test CA. The right CA and name connect encrypted; another CA, or a name the certificate does not
// carry, are refused before anything is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caFileOf, startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { withVenue } from '../../../electron/db/venue/connect';

let cluster: PgCluster;
let port = 0;
beforeAll(async () => {
  port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  cluster = startPgCluster({ tls: { tcpPort: port } });
});
afterAll(() => cluster?.close());

const url = (host: string, query: string) => `postgresql://postgres:test-superuser@${host}:${port}/postgres?${query}`;
const encrypted = (u: string) => withVenue(u, async (c) => (await c.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0].ssl as boolean);

describe('venue connections over TLS', () => {
  it('verify-full with the venue CA connects, encrypted', async () => {
    expect(await encrypted(url('localhost', `sslmode=verify-full&sslrootcert=${caFileOf(cluster)}`))).toBe(true);
  });

  it('a certificate from another CA (a server in the middle) is refused: VENUE_TLS_FAILED', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-other-ca-'));
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Someone else'], { cwd: dir });
    expect(r.status).toBe(0);
    await expect(encrypted(url('localhost', `sslmode=verify-full&sslrootcert=${join(dir, 'ca.pem')}`))).rejects.toMatchObject({ code: 'VENUE_TLS_FAILED' });
  });

  it('a name the certificate does not carry is refused, even with the right CA', async () => {
    await expect(encrypted(url('127.0.0.1', `sslmode=verify-full&sslrootcert=${caFileOf(cluster)}`))).rejects.toMatchObject({ code: 'VENUE_TLS_FAILED' });
  });

  it('a CA file that is not there is a bad URL (INVALID_INPUT), not a silent plain connection', async () => {
    await expect(encrypted(url('localhost', 'sslmode=verify-full&sslrootcert=/nonexistent/ca.pem'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
