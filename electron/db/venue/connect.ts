// Connections to the venue register (PostgreSQL, the `pg` package): the URL made a client config (TLS required off
// this machine), where a password comes from, and pg's failures as the app's codes. The admin's calls are in
// admin.ts, a station's in station-client.ts; nothing else in the app speaks SQL to the venue server.
import pg from 'pg';
import { parse as parseUrl } from 'pg-connection-string';
import { AppError } from '../../core/errors';

// BIGINT comes back as a JS number (entry ids and milliseconds stay far below 2^53); xid8 stays text.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type VenueClient = pg.Client;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/**
 * A connection URL made a client config. On a Unix socket or loopback the server's own settings rule; anywhere else the
 * URL must ask for TLS that verifies the server (sslmode=verify-full, with sslrootcert for a private CA), or nothing
 * is sent: an ID hash or a station's password never crosses a network in clear.
 */
export function clientConfig(url: string, password?: PasswordSource): pg.ClientConfig {
  let parts: ReturnType<typeof parseUrl>;
  try {
    parts = parseUrl(url);
  } catch (err) {
    throw new AppError('INVALID_INPUT', `the venue URL cannot be read: ${(err as Error).message}`);
  }
  const host = parts.host ?? 'localhost';
  const local = host.startsWith('/') || LOOPBACK.test(host);
  const mode = (parts as { sslmode?: string }).sslmode;
  if (!local && mode !== 'verify-full') {
    throw new AppError('VENUE_TLS_REQUIRED', `${host} is not on this machine: add sslmode=verify-full (and sslrootcert=CA.pem for a private CA) to the URL`);
  }
  return {
    host, ...(parts.port ? { port: Number(parts.port) } : {}),
    ...(parts.user ? { user: parts.user } : {}),
    // A password in the URL (a station's own, kept encrypted), else asked for only when the server wants one.
    ...(parts.password ? { password: parts.password } : password ? { password: () => password({ host, port: parts.port ?? '5432', database: parts.database ?? '', user: parts.user ?? '' }) } : {}),
    ...(parts.database ? { database: parts.database } : {}),
    ssl: local ? (parts.ssl as pg.ClientConfig['ssl']) ?? false : { ...(typeof parts.ssl === 'object' ? (parts.ssl as object) : {}), rejectUnauthorized: true },
    connectionTimeoutMillis: 10_000,
    // A half-open TCP connection (a cable pulled) is found rather than waited on for ever.
    keepAlive: true,
    statement_timeout: 60_000,
    query_timeout: 65_000,
    application_name: 'gatecheck',
  };
}

/** The same URL with another role and password (what a station keeps after joining). */
export function withCredentials(url: string, user: string, password: string): string {
  const m = /^(postgres(?:ql)?:\/\/)(?:[^@/?]*@)?(.*)$/i.exec(url);
  if (!m) throw new AppError('INVALID_INPUT', 'the venue URL must start with postgresql://');
  return `${m[1]}${encodeURIComponent(user)}:${encodeURIComponent(password)}@${m[2]}`;
}

/** A pg or socket failure as the app's code: the server unreachable, the login refused, the venue not set up. */
export function venueError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  const detail = e?.message ?? String(err);
  if (['28P01', '28000', '42501'].includes(code)) return new AppError('VENUE_DENIED', detail, { cause: err });
  // A certificate that does not verify, or a server that will not speak TLS when asked to: nothing was sent.
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code) || /does not support SSL/i.test(detail)) return new AppError('VENUE_TLS_FAILED', detail, { cause: err });
  if (['3F000', '42P01', '42883'].includes(code)) return new AppError('VENUE_NOT_FOUND', detail, { cause: err });
  if (/^(08|57P|53)/.test(code) || ['ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)
    || /Connection terminated|timeout|not queryable|closed/i.test(detail)) {
    return new AppError('VENUE_UNREACHABLE', detail, { cause: err });
  }
  return err;
}

/** Where a password the URL does not hold comes from (called only when the server asks for one). */
export type PasswordSource = (target: { host: string; port: string; database: string; user: string }) => Promise<string>;

/** Whether a URL carries a password (refused on the command line: argv is readable by every user of the machine). */
export function urlHasPassword(url: string): boolean {
  try {
    return Boolean(parseUrl(url).password);
  } catch {
    return false;
  }
}

export async function connectVenue(url: string, password?: PasswordSource): Promise<VenueClient> {
  const client = new pg.Client(clientConfig(url, password));
  // A connection that drops while idle must not become an uncaught 'error' event: the next query reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    void client.end().catch(() => undefined);
    throw venueError(err);
  }
  return client;
}

/** Connects, runs `body`, always disconnects; failures mapped by venueError. */
export async function withVenue<T>(url: string, body: (client: VenueClient) => Promise<T>, password?: PasswordSource): Promise<T> {
  const client = await connectVenue(url, password);
  try {
    return await body(client);
  } catch (err) {
    throw venueError(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function inTransaction<T>(client: VenueClient, body: () => Promise<T>, mode = 'BEGIN'): Promise<T> {
  await client.query(mode);
  try {
    const out = await body();
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

