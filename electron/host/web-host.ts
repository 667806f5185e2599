// The browser host: the built renderer and the contract over HTTP, bound to 127.0.0.1 only, for end-to-end tests and
// for trying the app where Electron is absent. Same services as the main process, registered from the same table.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { METHODS, EVENTS, type Method, type GateEvent } from '../api/methods';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicyFor } from '../main/security';
import { mimeOf, resolveStaticPath } from '../main/static-files';
import { dispatch, failure } from '../main/ipc/dispatch';
import type { Handlers } from '../api/contract';
import { serverTiming, timeStages } from '../main/services/stage-timing';

export const BRIDGE_PATH = '/gate-bridge.js';
// 1 MiB: a scan, a setting or a small import; a body is read whole before it is parsed, so a larger limit is memory
// an unauthenticated caller could make the host hold. Larger rosters go through the app (IPC) or the CLI. Each
// method's schema bounds its own input besides.
export const MAX_BODY = 1024 * 1024;

export interface WebHost {
  server: Server;
  port: number;
  token: string;
  url: string;
  /** Pushes an event to every open EventSource of that event. */
  emit(event: GateEvent, payload: unknown): void;
  close(): Promise<void>;
}

export interface WebHostOptions {
  rendererDir: string;
  bridgeFile: string;
  handlers: Handlers;
  port?: number;
  token?: string;
  log?: (line: string) => void;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? ((line: string) => console.error(line));
  const listeners = new Map<GateEvent, Set<ServerResponse>>(EVENTS.map((e) => [e, new Set()]));
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, csp = CONTENT_SECURITY_POLICY, timing?: string) => {
    res.writeHead(status, {
      'content-type': type,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      ...(timing ? { 'server-timing': timing } : {}),
    });
    res.end(body);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS-rebinding guard: only our own host names; and no cross-origin callers.
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, 'text/plain', 'wrong host');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return send(res, 403, 'text/plain', 'wrong origin');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname.startsWith('/api/events/')) {
      const event = url.pathname.slice('/api/events/'.length) as GateEvent;
      if (!sameToken(url.searchParams.get('token') ?? '', token)) return send(res, 401, 'text/plain', 'token');
      const set = listeners.get(event);
      if (!set) return send(res, 404, 'text/plain', 'no such event');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': open\n\n');
      set.add(res);
      req.on('close', () => set.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length) as Method;
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only');
      const auth = req.headers.authorization ?? '';
      if (!sameToken(auth.replace(/^Bearer /, ''), token)) return send(res, 401, 'text/plain', 'token');
      if (!(METHODS as readonly string[]).includes(method)) return send(res, 404, 'text/plain', 'no such method');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_BODY) return send(res, 413, 'application/json', JSON.stringify(failure('TOO_LARGE')));
        chunks.push(chunk as Buffer);
      }
      let input: unknown;
      try {
        input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        log(`[${method}] INVALID_INPUT body is not JSON`);
        return send(res, 200, 'application/json', JSON.stringify(failure('INVALID_INPUT')));
      }
      // Each stage's time goes out as Server-Timing (same-origin pages read it from the resource timing entry).
      const { value: result, stages, mark } = await timeStages(() => dispatch(options.handlers, method, input, log));
      const body = JSON.stringify(result);
      mark('serialize');
      return send(res, 200, 'application/json; charset=utf-8', body, CONTENT_SECURITY_POLICY, serverTiming(stages));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only');
    if (url.pathname === BRIDGE_PATH) return send(res, 200, mimeOf('x.js'), await readFile(options.bridgeFile));
    const file = resolveStaticPath(options.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain', 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, 'text/plain', 'not found');
    }
    if (file.endsWith('index.html')) {
      // The renderer is identical to what Electron loads; only the bridge script is put in front of it.
      body = Buffer.from(body.toString('utf8').replace('<head>', `<head>\n    <script src="${BRIDGE_PATH}"></script>`));
    }
    return send(res, 200, mimeOf(file), body, contentSecurityPolicyFor(file));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`[web-host] ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
      else res.end();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    emit(event, payload) {
      for (const res of listeners.get(event) ?? []) res.write(`data: ${JSON.stringify(payload)}\n\n`);
    },
    close: () =>
      new Promise<void>((done) => {
        for (const set of listeners.values()) for (const res of set) res.end();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
