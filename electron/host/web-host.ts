// The browser host: the built renderer over HTTP and the contract over one WebSocket, bound to 127.0.0.1 only, for
// end-to-end tests and for trying the app where Electron is absent. Same services as the main process, registered from
// the same table. The socket stands in for Electron's IPC: persistent and ordered, a message each way per call.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { readFile } from 'node:fs/promises';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { METHODS, type Method, type GateEvent } from '../api/methods';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicyFor } from '../main/security';
import { mimeOf, resolveStaticPath } from '../main/static-files';
import { dispatch, failure } from '../main/ipc/dispatch';
import type { Handlers } from '../api/contract';
import { timeStages } from '../main/services/stage-timing';
import { CLOSE, MAX_MESSAGE_BYTES, SOCKET_PATH, type EventMessage } from './socket-protocol';
import { log as stationLog } from '../main/services/station-log';

export const BRIDGE_PATH = '/gate-bridge.js';

export interface WebHost {
  server: Server;
  port: number;
  token: string;
  url: string;
  /** Pushes an event to every open socket. */
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

/** The machine's clock in ms, as precise as performance.now(): comparable with the page's timeOrigin + now(). */
const wallClock = () => performance.timeOrigin + performance.now();
/** Calls of one socket being answered at once; more wait in line as the bytes they came in. */
const MAX_IN_FLIGHT = 16;
/** Calls waiting in line before the socket is no longer read (the rest wait in the kernel and the sender). */
const MAX_QUEUED = 256;
/** Replies waiting to be sent to a socket before it is no longer read from. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? ((line: string) => stationLog.warn('host', { detail: line }));
  const sockets = new Set<WebSocket>();
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  /** The DNS-rebinding guard: only our own host names (421); and no cross-origin callers (403). */
  const callerRefusal = (req: IncomingMessage): 421 | 403 | undefined => {
    if (!allowedHosts().has(req.headers.host ?? '')) return 421;
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return 403;
    return undefined;
  };
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, csp = CONTENT_SECURITY_POLICY) => {
    res.writeHead(status, {
      'content-type': type,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end(body);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = callerRefusal(req);
    if (refusal) return send(res, refusal, 'text/plain', refusal === 421 ? 'wrong host' : 'wrong origin');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) return send(res, 426, 'text/plain', `the contract is served over a WebSocket at ${SOCKET_PATH}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only');
    if (url.pathname === BRIDGE_PATH) return send(res, 200, mimeOf('x.js'), await readFile(options.bridgeFile));
    // The entrant-facing screen is the same page, drawn as the display (renderer/src/main.tsx reads the path).
    const file = resolveStaticPath(options.rendererDir, url.pathname === '/display' ? '/' : url.pathname);
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

  // The contract's channel. No compression (loopback; and no inflate to bound); a larger message closes the socket.
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });

  /** One call: the Result and the host's stages in one message; a message that is not a call ends the socket. */
  async function answer(ws: WebSocket, data: RawData, isBinary: boolean, arrived: number): Promise<void> {
    let call: unknown;
    try {
      call = isBinary ? undefined : JSON.parse((data as Buffer).toString('utf8'));
    } catch {
      call = undefined;
    }
    const { id, method, input } = (call ?? {}) as { id?: unknown; method?: unknown; input?: unknown };
    if (typeof call !== 'object' || call === null || !Number.isSafeInteger(id)) {
      log('[web-host] INVALID_INPUT a socket message that is not a call: socket closed');
      return ws.close(CLOSE.policy, 'not a call');
    }
    const reply = (timing: string, body: string) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(`{"id":${id as number},"timing":${timing},"clock":[${arrived},${wallClock()}],"result":${body}}`);
    };
    if (!(METHODS as readonly unknown[]).includes(method)) {
      log(`[web-host] INVALID_INPUT no such method: ${JSON.stringify(method)?.slice(0, 80)}`);
      return reply('[]', JSON.stringify(failure('INVALID_INPUT')));
    }
    const { value: result, stages, mark } = await timeStages(() => dispatch(options.handlers, method as Method, input, options.log));
    const body = JSON.stringify(result);
    mark('serialize');
    reply(JSON.stringify(stages.map((s) => [s.name, Math.round(s.ms * 1000) / 1000])), body);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const status = callerRefusal(req) ?? (url.pathname === SOCKET_PATH ? undefined : 404);
    if (status) {
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', (err) => log(`[web-host] socket: ${err.message}`));
      // A wrong token is told apart from a lost host: the page sees the close code and says which.
      if (!sameToken(url.searchParams.get('token') ?? '', token)) return ws.close(CLOSE.token, 'token');
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // Backpressure: a page (or anything holding the token) that floods calls gets at most MAX_IN_FLIGHT answered at
      // once; the rest wait as the bytes they came in, and past MAX_QUEUED of those the socket is no longer read, so
      // the kernel's buffer fills and the sender waits. The host's memory stays flat however many calls are sent.
      let inFlight = 0;
      const queue: { data: RawData; isBinary: boolean; arrived: number }[] = [];
      const pump = () => {
        while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
          const next = queue.shift()!;
          inFlight++;
          answer(ws, next.data, next.isBinary, next.arrived).catch((err: unknown) => {
            log(`[web-host] ${(err as Error)?.stack ?? String(err)}`);
            ws.close(CLOSE.policy, 'internal error');
          }).finally(() => {
            inFlight--;
            pump();
          });
        }
        // Read again once the queue has room and the replies have gone out (a reader that does not read must not make
        // the host hold its replies either); with nothing running, it looks again shortly.
        if (ws.isPaused && ws.readyState === WebSocket.OPEN) {
          if (queue.length < MAX_QUEUED / 2 && ws.bufferedAmount < MAX_BUFFERED_BYTES) ws.resume();
          else if (inFlight === 0 && queue.length === 0) setTimeout(pump, 20);
        }
      };
      ws.on('message', (data, isBinary) => {
        queue.push({ data, isBinary, arrived: wallClock() });
        if (queue.length >= MAX_QUEUED) ws.pause();
        pump();
      });
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
      const message = JSON.stringify({ event, payload } satisfies EventMessage);
      for (const ws of sockets) if (ws.readyState === WebSocket.OPEN) ws.send(message);
    },
    close: () =>
      new Promise<void>((done) => {
        // Ended at once (a close handshake would wait on the page): the page sees a lost host, and says so.
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
