// The browser host over real HTTP on 127.0.0.1: token, Host and Origin checks, the contract's validation,
// static files confined to the renderer folder.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, type WebHost } from '../../../electron/host/web-host';
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
  gate = await openGate(join(dir, 'data'));
  saveStationConfig(gate.settings, gate.packs, { venueName: 'v', stationName: 's', profile: { pack: 'cn-2022-12-07', venueKind: 'medical' } });
  host = await startWebHost({ rendererDir: renderer, bridgeFile: join(dir, 'bridge.js'), handlers: gate.handlers, log: () => undefined });
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
const auth = () => ({ authorization: `Bearer ${host.token}`, 'content-type': 'application/json' });

describe('host/web-host', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token in the fragment', () => {
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
  });

  it('answers a contract call with the token, through the real services', async () => {
    const r = await call('/api/check', { method: 'POST', headers: auth(), body: JSON.stringify({ code: 'X-123456', category: 'patient', source: 'wedge' }) });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { outcome: 'route', route: 'on-site-test' } });
  });

  it('says where the call\'s time went, stage by stage, in a Server-Timing header (the benchmark\'s scan breakdown)', async () => {
    const r = await call('/api/check', { method: 'POST', headers: auth(), body: JSON.stringify({ code: 'X-654321', category: 'patient', source: 'wedge' }) });
    const stages = String(r.headers['server-timing']).split(', ').map((s) => /^([a-z]+);dur=(\d+\.\d{3})$/.exec(s));
    expect(stages.every(Boolean), String(r.headers['server-timing'])).toBe(true);
    // An opaque code: no decode or verify stage of its own; the rest in the order the call ran.
    expect(stages.map((m) => m![1])).toEqual(['parse', 'config', 'rules', 'write', 'emit', 'serialize']);
    // An input the contract refuses never reaches a service: only what ran is reported.
    const refused = await call('/api/check', { method: 'POST', headers: auth(), body: JSON.stringify({ code: 1 }) });
    expect(String(refused.headers['server-timing'])).toMatch(/^serialize;dur=\d+\.\d{3}$/);
  });

  it('a body over 1 MiB is refused with 413 and TOO_LARGE (the screen says "too large", not "lost the connection"); one just under is read', async () => {
    const body = (n: number) => JSON.stringify({ adminPin: '1', fileName: 'x.json', content: 'x'.repeat(n) });
    const over = await call('/api/importTrust', { method: 'POST', headers: auth(), body: body(1024 * 1024) });
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body)).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    const under = await call('/api/importTrust', { method: 'POST', headers: auth(), body: body(1000 * 1000) });
    expect(under.status).toBe(200);
    expect(JSON.parse(under.body)).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
  });

  it('refuses calls without the token, with a wrong token, or from another Host or Origin', async () => {
    const body = JSON.stringify({ limit: 5 });
    expect((await call('/api/today', { method: 'POST', body })).status).toBe(401);
    expect((await call('/api/today', { method: 'POST', headers: { authorization: 'Bearer nope' }, body })).status).toBe(401);
    expect((await call('/api/today', { method: 'POST', headers: { ...auth(), host: 'evil.example' }, body })).status).toBe(421);
    expect((await call('/api/today', { method: 'POST', headers: { ...auth(), origin: 'http://evil.example' }, body })).status).toBe(403);
    expect((await call('/api/today', { method: 'POST', headers: { ...auth(), origin: `http://127.0.0.1:${host.port}` }, body })).status).toBe(200);
  });

  it('validates input with the contract and rejects unknown methods and non-JSON bodies', async () => {
    expect(JSON.parse((await call('/api/check', { method: 'POST', headers: auth(), body: '{"code":""}' })).body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(JSON.parse((await call('/api/check', { method: 'POST', headers: auth(), body: 'not json' })).body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await call('/api/dropTables', { method: 'POST', headers: auth(), body: '{}' })).status).toBe(404);
    expect((await call('/api/today', { headers: auth() })).status).toBe(405);
  });

  it('serves index.html with the bridge injected and a CSP, and nothing outside the renderer folder', async () => {
    const index = await call('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<script src="/gate-bridge.js"></script>');
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'none'");
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt']) expect((await call(p)).status).toBe(404);
  });
});
