// Loaded only by the browser host (never by Electron): builds window.gate from the same method list the preload
// uses, over HTTP to 127.0.0.1. The per-run token arrives in the URL fragment and leaves the address bar at once.
import { METHODS, EVENTS, type GateEvent } from '../api/methods';

const KEY = 'gatecheck.token';
const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromHash) {
  sessionStorage.setItem(KEY, fromHash);
  history.replaceState(null, '', location.pathname + location.search);
}
const token = sessionStorage.getItem(KEY) ?? '';

function offline(status: number) {
  const forbidden = status === 401 || status === 403;
  return {
    ok: false,
    error: forbidden
      ? { code: 'FORBIDDEN', message: '访问令牌无效，请用启动时打印的网址重新打开。', messageEn: 'Bad access token: open the URL printed at start-up again.' }
      : { code: 'INTERNAL', message: '与本机服务的连接中断，请重试。', messageEn: 'Lost the connection to the local host. Try again.' },
  };
}

const api: Record<string, unknown> = {};
for (const method of METHODS) {
  api[method] = async (input: unknown) => {
    try {
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
      if (res.status !== 200) return offline(res.status);
      return await res.json();
    } catch {
      return offline(0);
    }
  };
}
api.on = (event: GateEvent, callback: (payload: unknown) => void) => {
  if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`unknown event ${String(event)}`);
  const source = new EventSource(`/api/events/${event}?token=${encodeURIComponent(token)}`);
  source.onmessage = (e) => callback(JSON.parse(e.data as string));
  return () => source.close();
};
(window as unknown as { gate: unknown }).gate = api;
