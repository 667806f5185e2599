// Builds `window.gate` over a transport: the preload's IPC (Electron) or the browser host's WebSocket. One function per
// contract method plus `on`, as a plain object (contextBridge copies plain objects, not proxies) checked against
// GateApi: a method missing here, or one the contract no longer has, is a compile error. No values but the method
// names reach this file, so nothing heavier than it enters the sandboxed preload bundle.
import type { GateApi, InputOf, OutputOf } from './contract';
import type { Method } from './methods';
import type { Result } from './result';

/** Sends one call and resolves to what the other side answered (always a Result: handlers never throw across). */
export type Transport = (method: Method, input: unknown) => Promise<unknown>;

export function buildGateApi(send: Transport, on: GateApi['on']): GateApi {
  const method = <M extends Method>(name: M) => (input: InputOf<M>) => send(name, input) as Promise<Result<OutputOf<M>>>;
  return {
    station: method('station'),
    setup: method('setup'),
    signIn: method('signIn'),
    lock: method('lock'),
    check: method('check'),
    record: method('record'),
    emergencyLocked: method('emergencyLocked'),
    today: method('today'),
    searchRegister: method('searchRegister'),
    entryDetail: method('entryDetail'),
    registerStats: method('registerStats'),
    exportDays: method('exportDays'),
    exportSummary: method('exportSummary'),
    openExportFolder: method('openExportFolder'),
    getSettings: method('getSettings'),
    saveSettings: method('saveSettings'),
    chooseCamera: method('chooseCamera'),
    importTrust: method('importTrust'),
    importPack: method('importPack'),
    importRoster: method('importRoster'),
    listRoster: method('listRoster'),
    removeRoster: method('removeRoster'),
    joinVenue: method('joinVenue'),
    venueRegister: method('venueRegister'),
    diagnose: method('diagnose'),
    exit: method('exit'),
    exitFromList: method('exitFromList'),
    inside: method('inside'),
    evacuation: method('evacuation'),
    showDisplay: method('showDisplay'),
    peripherals: method('peripherals'),
    savePeripherals: method('savePeripherals'),
    on,
  } satisfies GateApi;
}
