// Exposes exactly the contract's methods as window.gate: one function per method, plus `on` for events.
// No logic, no state, no Node APIs; never ipcRenderer itself. Values come only from the dependency-free method list.
import { contextBridge, ipcRenderer } from 'electron';
import { EVENTS, channelOf, eventChannelOf, type GateEvent } from '../api/methods';
import { buildGateApi } from '../api/bridge';
import type { EventPayloads } from '../api/contract';

const gate = buildGateApi(
  (method, input) => ipcRenderer.invoke(channelOf(method), input),
  <E extends GateEvent>(event: E, callback: (payload: EventPayloads[E]) => void) => {
    if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`unknown event ${String(event)}`);
    const channel = eventChannelOf(event);
    const listener = (_e: unknown, payload: EventPayloads[E]) => callback(payload);
    ipcRenderer.on(channel, listener);
    return () => ipcRenderer.removeListener(channel, listener);
  },
);

contextBridge.exposeInMainWorld('gate', gate);
