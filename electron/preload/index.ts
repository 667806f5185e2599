// Exposes exactly the contract's methods as window.gate: one function per method, plus `on` for events.
// No logic, no state, no Node APIs; never ipcRenderer itself. Values come only from the dependency-free method list.
import { contextBridge, ipcRenderer } from 'electron';
import { METHODS, EVENTS, channelOf, eventChannelOf, type GateEvent } from '../api/methods';
import type { GateApi } from '../api/contract';

const api: Record<string, unknown> = {};
for (const method of METHODS) {
  api[method] = (input: unknown) => ipcRenderer.invoke(channelOf(method), input);
}
api.on = (event: GateEvent, callback: (payload: unknown) => void) => {
  if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`unknown event ${String(event)}`);
  const channel = eventChannelOf(event);
  const listener = (_e: unknown, payload: unknown) => callback(payload);
  ipcRenderer.on(channel, listener);
  return () => ipcRenderer.removeListener(channel, listener);
};

contextBridge.exposeInMainWorld('gate', api as unknown as GateApi);
