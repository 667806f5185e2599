// The browser host on 127.0.0.1, over a real socket: token, Host and Origin checks, the contract's validation and
// limits, replies by id, events; static files confined to the renderer folder.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startWebHost, type WebHost } from '../../../electron/host/web-host';
import { CLOSE, SOCKET_PATH } from '../../../electron/host/socket-protocol';
import { openGate, type Gate } from '../../../electron/main/services/compose';
import { saveStationConfig } from '../../../electron/main/services/station-config';

let host: WebHost;
let gate: Gate;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-host-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<html><head><title>t</title></head><body></body></html>');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  writeFileSync(join(dir, 'bridge.js'), '/* bridge */');
  // Events reach the host as in serve-web.ts: the services are made first, the host after them.
  const slot: { host?: WebHost } = {};
  gate = await openGate(join(dir, 'data'), { emit: (event, payload) => slot.host?.emit(event, payload) });
  saveStationConfig(gate.settings, gate.packs, { venueName: 'v', stationName: 's', profile: { pack: 'cn-2022-12-07', venueKind: 'medical' } });
  host = await startWebHost({ rendererDir: renderer, bridgeFile: join(dir, 'bridge.js'), handlers: gate.handlers, log: () => undefined });
  slot.host = host;
});
afterAll(async () => {
  await host.close();
  gate.close();
});

function call(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${host.port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

interface Socket {
  ws: WebSocket;
  /** Every message the host sent, parsed, in order. */
  messages: Record<string, unknown>[];
  /** Sends a call and resolves to the host's reply to it. */
  call(method: string, input: unknown): Promise<{ id: number; timing: [string, number][]; clock: [number, number]; result: Record<string, unknown> }>;
  /** Resolves to the close code once the host has closed the socket. */
  closed: Promise<number>;
}

/** A socket to the host as a page would open one: the token in the URL, the page's Host and Origin. */
function open(opts: { token?: string; headers?: Record<string, string> } = {}): Promise<Socket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}${SOCKET_PATH}?token=${encodeURIComponent(opts.token ?? host.token)}`, {
    headers: { origin: `http://127.0.0.1:${host.port}`, ...opts.headers },
  });
  const messages: Record<string, unknown>[] = [];
  const waiting = new Map<number, (m: never) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as Record<string, unknown>;
    messages.push(m);
    waiting.get(m.id as number)?.(m as never);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  let nextId = 1;
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({
      ws, messages, closed,
      call: (method, input) => new Promise((settle) => {
        const id = nextId++;
        waiting.set(id, settle);
        ws.send(JSON.stringify({ id, method, input }));
      }),
    }));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

describe('host/web-host', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token in the fragment', () => {
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
  });

  it('answers a contract call on the socket with the token, through the real services; the entry\'s event comes before the reply', async () => {
    const s = await open();
    const reply = await s.call('check', { code: 'X-123456', category: 'patient', source: 'wedge' });
    expect(reply.result).toMatchObject({ ok: true, value: { outcome: 'route', route: 'on-site-test' } });
    expect(s.messages.map((m) => ('event' in m ? m.event : 'reply'))).toEqual(['entryRecorded', 'reply']);
    s.ws.close();
  });

  it('calls on one socket are answered each by its id, whatever order they finish in', async () => {
    const s = await open();
    const [a, b, c] = await Promise.all([s.call('today', { limit: 1 }), s.call('station', {}), s.call('check', { code: '' })]);
    expect([a.id, b.id, c.id]).toEqual([1, 2, 3]);
    expect(a.result).toMatchObject({ ok: true, value: { recent: expect.any(Array) } });
    expect(b.result).toMatchObject({ ok: true, value: { venueName: 'v', stationName: 's' } });
    expect(c.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    s.ws.close();
  });

  it('says where the call\'s time went, stage by stage, and when it arrived and left, with the reply (the benchmark\'s scan breakdown)', async () => {
    const s = await open();
    const sent = performance.timeOrigin + performance.now();
    const { timing, clock } = await s.call('check', { code: 'X-654321', category: 'patient', source: 'wedge' });
    const received = performance.timeOrigin + performance.now();
    expect(timing.every(([name, ms]) => typeof name === 'string' && Number.isFinite(ms) && ms >= 0), JSON.stringify(timing)).toBe(true);
    // The host's clock at arrival and departure, on the machine's one clock: within the call, the stages inside it.
    const [arrived, left] = clock;
    expect(sent <= arrived && arrived <= left && left <= received, JSON.stringify({ sent, clock, received })).toBe(true);
    expect(timing.reduce((sum, [, ms]) => sum + ms, 0)).toBeLessThanOrEqual(left - arrived + 0.01);
    // An opaque code: no decode or verify stage of its own; the rest in the order the call ran.
    expect(timing.map(([name]) => name)).toEqual(['parse', 'config', 'rules', 'write', 'emit', 'serialize']);
    // An input the contract refuses never reaches a service: only what ran is reported.
    expect((await s.call('check', { code: 1 })).timing.map(([name]) => name)).toEqual(['serialize']);
    s.ws.close();
  });

  it('a message over 1 MiB closes the socket with 1009 (the page says "too large", not "lost the connection"); one just under is read', async () => {
    const input = (n: number) => ({ adminPin: '1', fileName: 'x.json', content: 'x'.repeat(n) });
    const s = await open();
    expect((await s.call('importTrust', input(1000 * 1000))).result).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    void s.call('importTrust', input(1024 * 1024));
    expect(await s.closed).toBe(CLOSE.tooLarge);
  });

  it('refuses a socket without the token or with a wrong one (closed 4401, no call answered), or from another Host or Origin', async () => {
    for (const token of ['', 'nope', `${host.token}x`]) {
      const s = await open({ token });
      void s.call('today', { limit: 5 });
      expect(await s.closed).toBe(CLOSE.token);
      expect(s.messages).toEqual([]);
    }
    await expect(open({ headers: { host: 'evil.example' } })).rejects.toThrow('HTTP 421');
    await expect(open({ headers: { origin: 'http://evil.example' } })).rejects.toThrow('HTTP 403');
    await expect(open({ headers: { origin: `http://localhost:${host.port}.evil.example` } })).rejects.toThrow('HTTP 403');
  });

  it('validates input with the contract; an unknown method is refused; a message that is not a call closes the socket', async () => {
    const s = await open();
    expect((await s.call('check', { code: '' })).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await s.call('dropTables', {})).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await s.call('__proto__', {})).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    for (const bad of ['not json', '{"method":"today"}', '{"id":"1","method":"today"}', 'null', '[1]']) {
      const t = await open();
      t.ws.send(bad);
      expect(await t.closed, bad).toBe(CLOSE.policy);
    }
    const binary = await open();
    binary.ws.send(Buffer.from(JSON.stringify({ id: 1, method: 'today', input: {} })));
    expect(await binary.closed).toBe(CLOSE.policy);
    s.ws.close();
  });

  it('pushes events to every open socket; the HTTP paths under /api/ say where the contract is', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    await a.call('check', { code: 'X-777777', category: 'patient', source: 'wedge' });
    await b.call('today', { limit: 1 });
    expect(b.messages.filter((m) => m.event === 'entryRecorded')).toHaveLength(1);
    a.ws.close();
    b.ws.close();
    expect((await call('/api/check', { method: 'POST', body: '{}' })).status).toBe(426);
  });

  it('serves index.html with the bridge injected and a CSP, and nothing outside the renderer folder', async () => {
    const index = await call('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<script src="/gate-bridge.js"></script>');
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'none'");
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt']) expect((await call(p)).status).toBe(404);
  });
});
