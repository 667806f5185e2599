// The browser host's one channel, a WebSocket at SOCKET_PATH: what crosses it and how it ends. Dependency-free: the
// bridge script (browser) and the host (Node) both take their values from here.
//
// A persistent, ordered channel, as Electron's IPC is: a call is one message each way, and the host's events ride the
// same socket in the order they happened (an entry's event before the reply to the scan that made it).
import type { Method, GateEvent } from '../api/methods';

export const SOCKET_PATH = '/api/socket';

/** 1 MiB: a scan, a setting or a small import. The host closes a socket that sends more (1009); the bridge does not try. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Close codes (RFC 6455 §7.4): the standard ones the host uses, and ours in the private range 4000–4999. */
export const CLOSE = {
  /** Not a call this protocol knows: not JSON, no numeric id, or a binary frame. */
  policy: 1008,
  /** A message over MAX_MESSAGE_BYTES (ws closes with it). */
  tooLarge: 1009,
  /** The URL's token is missing or wrong. */
  token: 4401,
} as const;

/** Page → host: one contract call. */
export interface CallMessage {
  id: number;
  method: Method;
  input: unknown;
}

/**
 * Host → page: the Result of call `id`, with where the host's time went, stage by stage ([name, ms]), and the host's
 * clock (`performance.timeOrigin + performance.now()`, ms) when the call arrived and when the reply left: beside the
 * page's own, the way up and the way down apart (one machine, one clock).
 */
export interface ReplyMessage {
  id: number;
  timing: [string, number][];
  clock: [number, number];
  result: unknown;
}

/** Host → page: an event pushed to every open socket. */
export interface EventMessage {
  event: GateEvent;
  payload: unknown;
}
