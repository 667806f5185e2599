// The dependency-free list of contract methods and events: the only values the sandboxed preload imports.
// Channels derive from these names (`gate:<method>`, `gate-event:<event>`); no channel string is written by hand.

export const METHODS = [
  'station', 'setup', 'signIn', 'lock',
  'check', 'record', 'emergencyLocked', 'today',
  'searchRegister', 'entryDetail', 'registerStats', 'exportDays', 'exportSummary', 'openExportFolder',
  'getSettings', 'saveSettings', 'chooseCamera', 'importTrust', 'importPack', 'importRoster', 'listRoster', 'removeRoster',
  'joinVenue', 'venueRegister', 'diagnose',
  'exit', 'exitFromList', 'inside', 'evacuation', 'showDisplay', 'peripherals', 'savePeripherals',
] as const;
export type Method = (typeof METHODS)[number];

export const EVENTS = ['entryRecorded', 'exitRecorded', 'serialScan', 'serialStatus', 'display'] as const;
export type GateEvent = (typeof EVENTS)[number];

export const channelOf = (method: Method): string => `gate:${method}`;
export const eventChannelOf = (event: GateEvent): string => `gate-event:${event}`;
