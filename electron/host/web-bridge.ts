// Loaded only by the browser host (never by Electron): builds window.gate from the same method list the preload
// uses, over HTTP to 127.0.0.1. The per-run token arrives in the URL fragment and leaves the address bar at once.
import { EVENTS, type GateEvent } from '../api/methods';
import { buildGateApi } from '../api/bridge';
import type { EventPayloads, GateApi } from '../api/contract';
import type { Result } from '../api/result';
import { USER_MESSAGES, type AppErrorCode } from '../core/errors';

const KEY = 'gatecheck.token';
const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromHash) {
  sessionStorage.setItem(KEY, fromHash);
  history.replaceState(null, '', location.pathname + location.search);
}
const token = sessionStorage.getItem(KEY) ?? '';

/** A call the host did not answer with a Result: a bad token, a body over the host's limit, or no connection. */
function offline(status: number): Result<never> {
  const code: AppErrorCode = status === 401 || status === 403 ? 'HOST_TOKEN' : status === 413 ? 'TOO_LARGE' : 'HOST_UNREACHABLE';
  return { ok: false, error: { code, message: USER_MESSAGES[code].zh, messageEn: USER_MESSAGES[code].en } };
}

const gate = buildGateApi(
  async (method, input) => {
    try {
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
      if (res.status !== 200) return offline(res.status);
      return (await res.json()) as unknown;
    } catch {
      return offline(0);
    }
  },
  <E extends GateEvent>(event: E, callback: (payload: EventPayloads[E]) => void) => {
    if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`unknown event ${String(event)}`);
    const source = new EventSource(`/api/events/${event}?token=${encodeURIComponent(token)}`);
    source.onmessage = (e: MessageEvent<string>) => callback(JSON.parse(e.data) as EventPayloads[E]);
    return () => source.close();
  },
);
(window as unknown as { gate: GateApi }).gate = gate;
