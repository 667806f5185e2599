// The only file that touches window.gate (provided by the preload in Electron, by the bridge in the browser host).
import type { GateApi } from '../../electron/api/contract';

declare global {
  interface Window {
    gate: GateApi;
  }
}

export const gate: GateApi = window.gate;
export type { GateApi };
export type { CheckOutput, StationInfo, TodayOutput, EntrySummary, EntryDetail, RegisterStats, SettingsView, ImportReport, VenueRegisterView, InsideView, InsidePerson, ExitOutput, DisplayState } from '../../electron/api/contract';
export type { PeripheralsView, SerialStatusView } from '../../electron/api/views';
import type { InputOf } from '../../electron/api/contract';
/** A venue profile as the setup and settings forms send it. */
export type ProfileInput = InputOf<'setup'>['profile'];
export type { Result } from '../../electron/api/result';
