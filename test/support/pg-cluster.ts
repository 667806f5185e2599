// A throwaway PostgreSQL cluster for one test file: initdb and pg_ctl in a temporary folder, listening on a Unix socket
// only (no TCP port), run as a non-root user (`postgres`, through runuser, when the tests run as root). Passwords are
// checked (scram-sha-256) so the station roles' access is tested as it is in production.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgCluster {
  /** The socket folder (libpq's host for a Unix socket). */
  socketDir: string;
  port: number;
  /** A connection URL for the superuser, to `database` (default: postgres). */
  url(database?: string, user?: string, password?: string): string;
  /** Stops at once, as a power cut or a crash would (`pg_ctl stop -m immediate`), and starts again. */
  crashRestart(): void;
  stop(): void;
  start(): void;
  /** Runs one SQL text as the superuser with psql (setup steps; assertions go through `pg`). */
  psql(sql: string, database?: string): string;
  close(): void;
}

const SUPERUSER_PASSWORD = 'test-superuser';

/** The newest installed PostgreSQL's binaries (Debian keeps them in /usr/lib/postgresql/<major>/bin), or PG_BIN. */
export function pgBinDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  const found = majors.map((m) => join(root, m, 'bin')).find((d) => existsSync(join(d, 'initdb')));
  return found;
}

export interface ClusterOptions {
  /**
   * Also listen on 127.0.0.1:`tcpPort` with TLS: a CA and a server certificate for `localhost` are made with openssl
   * in the cluster's folder (`caFile`, to give as sslrootcert).
   */
  tls?: { tcpPort: number };
}

/** The CA file of a TLS cluster (in its folder). */
export const caFileOf = (cluster: PgCluster): string => join(cluster.socketDir, '..', 'ca.pem');

export function startPgCluster(opts: ClusterOptions = {}): PgCluster {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql; .ci/run does it)');
  const root = mkdtempSync(join(tmpdir(), 'gc-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sock');
  const asRoot = process.getuid?.() === 0;
  const pwFile = join(root, 'pw');
  writeFileSync(pwFile, SUPERUSER_PASSWORD);
  for (const d of [socketDir]) execFileSync('mkdir', ['-p', d]);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    for (const p of [root, socketDir, pwFile]) chownSync(p, uid, gid);
  }
  chmodSync(root, 0o755);
  const run = (tool: string, args: string[], input?: string) => {
    const cmd = asRoot ? 'runuser' : join(bin, tool);
    const full = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    const r = spawnSync(cmd, full, { encoding: 'utf8', input, env: { ...process.env, LC_ALL: 'C.UTF-8', PGPASSWORD: SUPERUSER_PASSWORD } });
    if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  run('initdb', ['-D', dataDir, '-U', 'postgres', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  // A port only names the socket file here (listen_addresses is empty); spread so parallel files never share a name.
  const port = opts.tls ? opts.tls.tcpPort : 20000 + (process.pid % 20000);
  const tls: string[] = [];
  if (opts.tls) {
    const openssl = (args: string[]) => {
      const r = spawnSync('openssl', args, { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`openssl ${args[0]}: ${r.stderr}`);
    };
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=GateCheck test CA']);
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
    writeFileSync(join(root, 'san.ext'), 'subjectAltName=DNS:localhost\n');
    openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext']);
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      for (const f of ['server.key', 'server.pem']) chownSync(join(root, f), uid, gid);
    }
    chmodSync(join(root, 'server.key'), 0o600);
    tls.push("-c listen_addresses='127.0.0.1'", '-c ssl=on', `-c ssl_cert_file=${join(root, 'server.pem')}`, `-c ssl_key_file=${join(root, 'server.key')}`);
  }
  const options = [
    `-k ${socketDir}`, ...(opts.tls ? tls : ["-c listen_addresses=''"]), `-p ${port}`, '-c fsync=off', '-c full_page_writes=off', '-c max_connections=60',
    '-c shared_buffers=32MB', '-c log_min_messages=warning',
  ].join(' ');
  const start = () => void run('pg_ctl', ['start', '-D', dataDir, '-w', '-t', '120', '-l', join(root, 'log'), '-o', options]);
  const stop = (mode: 'fast' | 'immediate' = 'fast') => void run('pg_ctl', ['stop', '-D', dataDir, '-w', '-t', '120', '-m', mode]);
  start();
  let closed = false;
  const url = (database = 'postgres', user = 'postgres', password = SUPERUSER_PASSWORD) =>
    `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@/${database}?host=${encodeURIComponent(socketDir)}&port=${port}`;
  return {
    socketDir, port, url,
    crashRestart() {
      stop('immediate');
      start();
    },
    stop: () => stop('fast'),
    start,
    psql: (sql, database = 'postgres') => run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', socketDir, '-p', String(port), '-U', 'postgres', '-d', database, '-At', '-c', sql]),
    close() {
      if (closed) return;
      closed = true;
      try {
        stop('immediate');
      } catch {
        // already stopped
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
