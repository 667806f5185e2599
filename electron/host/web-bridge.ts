// Loaded only by the browser host (never by Electron): builds window.gate from the same method list the preload
// uses, over one WebSocket to 127.0.0.1 (socket-protocol.ts). The per-run token arrives in the URL fragment and
// leaves the address bar at once.
import { EVENTS, type GateEvent, type Method } from '../api/methods';
import { buildGateApi } from '../api/bridge';
import type { EventPayloads, GateApi } from '../api/contract';
import type { Result } from '../api/result';
import { USER_MESSAGES, type AppErrorCode } from '../core/errors';
import { CLOSE, MAX_MESSAGE_BYTES, SOCKET_PATH, type CallMessage, type EventMessage, type ReplyMessage } from './socket-protocol';

const KEY = 'gatecheck.token';
const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromHash) {
  sessionStorage.setItem(KEY, fromHash);
  history.replaceState(null, '', location.pathname + location.search);
}
const token = sessionStorage.getItem(KEY) ?? '';

/** A call the host did not answer with a Result: a bad token, a message over the limit, or no connection. */
function offline(code: AppErrorCode): Result<never> {
  return { ok: false, error: { code, message: USER_MESSAGES[code].zh, messageEn: USER_MESSAGES[code].en } };
}

/**
 * User Timing marks of the latest call of each method: sent, and its reply received with the host's stages and clock
 * as the mark's detail (DevTools shows them; the benchmark's scan breakdown reads them). Only the latest is kept.
 */
function mark(name: string, detail?: unknown): void {
  performance.clearMarks(name);
  performance.mark(name, { detail });
}

const pending = new Map<number, { method: Method; settle: (result: unknown) => void }>();
const listeners = new Map<GateEvent, Set<(payload: unknown) => void>>(EVENTS.map((e) => [e, new Set()]));
let nextId = 1;
let opening: Promise<WebSocket> | undefined;
/** The socket while it is open: a call then goes out in the caller's own task (see below). */
let open: WebSocket | undefined;
let retryMs = 500;

function receive(data: unknown): void {
  const message = JSON.parse(String(data)) as ReplyMessage | EventMessage;
  if ('id' in message) {
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    mark(`gate:received:${call.method}`, { stages: message.timing, clock: message.clock });
    call.settle(message.result);
  } else {
    for (const callback of listeners.get(message.event) ?? []) callback(message.payload);
  }
}

/** The open socket, opening one if there is none. Events resume on their own after the host comes back. */
function connect(): Promise<WebSocket> {
  opening ??= new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`ws://${location.host}${SOCKET_PATH}?token=${encodeURIComponent(token)}`);
    ws.onopen = () => {
      retryMs = 500;
      open = ws;
      resolve(ws);
    };
    ws.onmessage = (e: MessageEvent) => receive(e.data);
    ws.onclose = (e: CloseEvent) => {
      opening = undefined;
      if (open === ws) open = undefined;
      const code: AppErrorCode = e.code === CLOSE.token ? 'HOST_TOKEN' : e.code === CLOSE.tooLarge ? 'TOO_LARGE' : 'HOST_UNREACHABLE';
      for (const call of pending.values()) call.settle(offline(code));
      pending.clear();
      reject(new Error(code));
      if (code !== 'HOST_TOKEN' && [...listeners.values()].some((set) => set.size > 0)) {
        setTimeout(() => void connect().catch(() => undefined), retryMs);
        retryMs = Math.min(retryMs * 2, 10_000);
      }
    };
  });
  return opening;
}

const gate = buildGateApi(
  async (method, input) => {
    const id = nextId++;
    const text = JSON.stringify({ id, method, input: input ?? {} } satisfies CallMessage);
    // UTF-8 is at most 3 bytes per UTF-16 unit: count exactly only when the text could be over.
    if (text.length * 3 > MAX_MESSAGE_BYTES && new TextEncoder().encode(text).length > MAX_MESSAGE_BYTES) return offline('TOO_LARGE');
    // On an open socket the call is sent at once, in the caller's task: awaiting the socket first put the send after
    // the microtask checkpoint, behind the redraw React does at the end of the key event that made the call (the
    // bench's bridge stage: 0.9 ms, 4 ms on a CPU throttled 4×); now that redraw overlaps the host's work.
    let ws: WebSocket;
    if (open?.readyState === WebSocket.OPEN) ws = open;
    else {
      try {
        ws = await connect();
      } catch (err) {
        return offline((err as Error).message === 'HOST_TOKEN' ? 'HOST_TOKEN' : 'HOST_UNREACHABLE');
      }
    }
    return new Promise((settle) => {
      pending.set(id, { method, settle });
      mark(`gate:sent:${method}`);
      ws.send(text);
    });
  },
  <E extends GateEvent>(event: E, callback: (payload: EventPayloads[E]) => void) => {
    const set = listeners.get(event);
    if (!set) throw new Error(`unknown event ${String(event)}`);
    const listener = (payload: unknown) => callback(payload as EventPayloads[E]);
    set.add(listener);
    void connect().catch(() => undefined);
    return () => set.delete(listener);
  },
);
(window as unknown as { gate: GateApi }).gate = gate;
