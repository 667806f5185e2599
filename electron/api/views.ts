// What the contract's methods return: the views of the station, checks, the register, settings and imports that the
// renderer, the browser host and the command line read. Types only; ./contract.ts re-exports them with the methods.
import type { Category, Outcome, Route, VenueKind } from '../core/rules/types';
import type { profileSchema } from '../core/rules/profile';
import type { Bilingual } from '../core/errors';
import type { CredentialFormat, DecodeErrorCode } from '../core/credentials/types';
import type { RowError, TableKind } from '../core/roster/columns';
import type { EvidenceSummary } from '../core/register/evidence-summary';
import type { Verification } from '../core/register/reason';
import type { UiSettings } from '../core/station/config';
import type { z } from 'zod';

export interface CitationView {
  id: string;
  zh: string;
  en: string;
}

/** How the station stands with its venue's register: the last round that reached it, what is still to send, the clock. */
export interface VenueSyncView {
  venueName: string;
  lastSyncMs?: number | undefined;
  /** The last round's failure code (VENUE_UNREACHABLE, VENUE_DENIED, …), absent once a round succeeds. */
  lastError?: string | undefined;
  /** Entries the venue has not confirmed yet. */
  pending: number;
  /** No round has reached the venue for 10 minutes (or none ever has). */
  isStale: boolean;
  /** The server's clock minus this station's, at the last round (ms). */
  skewMs?: number | undefined;
  /** More than 5 minutes off the server's clock. */
  isClockOff: boolean;
  /** Entries set aside: refused by the venue (or not sendable), each with its reason (`venue status`). */
  setAside?: number | undefined;
  /** Published files refused (unsigned, wrongly signed, a rollback): the last good copy is in use. */
  refusedFiles?: number | undefined;
}

/** The venue view of the register: every gate's entries (no names), and how many each gate checked. */
export interface VenueRegisterView {
  rows: { stationId: number; station: string; entry: number; localDay: string; at: number; category: Category; outcome: Outcome }[];
  byStation: { station: string; entries: number }[];
}

export interface StationInfo {
  /** The operator signed in, or undefined when the station is locked. */
  operator?: string | undefined;
  /** Whether operators are set up, so that scans need one signed in. */
  signInRequired: boolean;
  /** The operators' names, for the sign-in screen. */
  operators: string[];
  ui: UiSettings;
  /** Days since the policy pack took effect, and whether that is past the station's limit (1 year). */
  packAgeDays: number;
  isPackStale: boolean;
  strictness: { isStricterThanNational: boolean; notes: Bilingual[] };
  venueName: string;
  stationName: string;
  venueKind: VenueKind;
  categories: Category[];
  defaultCategory: Category;
  /** The policy pack in force today (of the configured pack's series). */
  pack: PackView;
  /** The next pack of the series and the day it takes over, when one is known. */
  nextPack?: PackView | undefined;
  /** Nothing is to be checked here: venue kind `other`, or a pack that asks nothing of this venue kind. */
  checkFree: boolean;
  /** Every dated source the checks rely on (trust lists, value sets, revocation lists, the pack), with its freshness. */
  sources: DataSourceView[];
  natWindowHours: number;
  /** IANA zone of the venue; times on screen are shown in it. */
  timeZone: string;
  /** The station's current local day (YYYY-MM-DD), by the station's clock. */
  day: string;
  /** The station's clock (epoch ms) when this was read: in training mode (`--now`) not the real time. */
  now: number;
  /** A body temperature at or above this (°C) is fever. */
  feverThresholdC: number;
  /** A two-way gate (X marks the next scan as an exit) or an exit gate. */
  gateMode: 'both' | 'exit';
  /** A serial-mode scanner, when one is set up. */
  serial?: SerialStatusView | undefined;
  trust: {
    date?: string; euSigners: number; smartIssuers: number; maxAgeDays: number; isStale: boolean;
    /** EU signers whose certificate has expired (they still verify certificates issued while they were valid). */
    expiredSigners: { kid: string; country: string; notAfter: string }[];
  };
  /** This station's link to its venue's shared register, when it has joined one (issue 18). */
  venue?: VenueSyncView | undefined;
  /** A forward clock jump of more than a day, waiting for an admin to confirm the time (purging holds till then). */
  clockJump?: ClockJumpView | undefined;
}

export interface PackView {
  id: string;
  version: number;
  series: string;
  title: Bilingual;
  effectiveFrom: string;
  effectiveTo: string | null;
  origin: 'shipped' | 'imported';
  /** Who signed an imported pack. */
  publisher?: string | undefined;
}

export interface DataSourceView {
  kind: 'eu-signers' | 'smart-issuers' | 'eu-revocations' | 'value-set' | 'pack';
  /** A value set's id, a pack's id, or a list's file name. */
  name: string;
  origin: 'shipped' | 'imported' | 'command-line';
  file?: string | undefined;
  /** The date the data states. */
  date?: string | undefined;
  count?: number | undefined;
  /** False for a value set or pack replaced by a newer one. */
  inForce: boolean;
  /** Whether the checks use it now (an empty list, or value sets with no EU signer loaded, are not). */
  inUse: boolean;
  /** In use and older than the station allows. */
  isStale: boolean;
}

export interface ClockJumpView {
  /** Where the clock should have been, and where it jumped to (epoch ms). */
  fromMs: number;
  toMs: number;
}

export interface CheckOutput {
  /** The register entry written, or null while a multi-part code is still being scanned (see `partial`). */
  entryId: number | null;
  at: number;
  format: CredentialFormat;
  outcome: Outcome;
  route?: Route | undefined;
  citations: CitationView[];
  reasons: Bilingual[];
  missing: Bilingual[];
  hoursSinceSample?: number | undefined;
  /** The test relied on was shown as "within N h" (a phone's health-code app): N, instead of hoursSinceSample. */
  sampledWithinHours?: number | undefined;
  /** Problems with what was scanned that stay on screen and on the entry, whatever is attested after (e.g. SIGNATURE). */
  problems: DecodeErrorCode[];
  /** A body temperature recorded with the entry (°C). */
  temperatureC?: number | undefined;
  holder?: { name?: string | undefined; birthDate?: string | undefined } | undefined;
  /** Whose entry this is, as lists show it (masked name, masked ID): staff can tell one entrant's entry from the next. */
  entrant?: { name?: string | undefined; idMasked?: string | undefined } | undefined;
  /** The entry this one completes or corrects. */
  correctsId?: number | undefined;
  decodeError?: { code: DecodeErrorCode; message: Bilingual } | undefined;
  partial?: { scanned: number; total: number } | undefined;
  /** Another gate of the venue checked the same person (or code) today: where, when (venue time, HH:MM), with what outcome. */
  seenElsewhere?: { station: string; time: string; outcome: Outcome } | undefined;
}

export interface EntrySummary {
  id: number;
  at: number;
  localDay: string;
  operator?: string | undefined;
  correctsId?: number | undefined;
  citations: string[];
  category: Category;
  outcome: Outcome;
  route?: Route | undefined;
  format: CheckOutput['format'];
  name?: string | undefined;
  idMasked?: string | undefined;
  /** The verification result (undefined: not recorded, an entry from before it was). */
  verification?: Verification | undefined;
  /** Why: the verification, what was attested and by whom, the deciding rule. */
  reason: Bilingual;
}

export interface TodayOutput {
  day: string;
  byOutcome: Record<Outcome, number>;
  byCategory: Partial<Record<Category, number>>;
  recent: EntrySummary[];
}

export interface SettingsView {
  venueName: string;
  stationName: string;
  profile: z.output<typeof profileSchema>;
  retentionDays: number;
  exportDir: string;
  trustMaxAgeDays: number;
  /** A body temperature at or above this (°C) is fever. */
  feverThresholdC: number;
  visitingUntil?: string | undefined;
  insideStaff: 'apart' | 'hidden';
  gateMode: 'both' | 'exit';
  defaultCategory: Category;
  ui: UiSettings;
  operators: string[];
  packs: PackView[];
  /** Imported pack files that were not loaded (changed on disk, or no longer signed by a trusted publisher). */
  packProblems: string[];
  sources: DataSourceView[];
  trust: StationInfo['trust'];
  clockJump?: ClockJumpView | undefined;
}

export interface EntryDetail {
  entry: EntrySummary;
  /** The correction chain this entry belongs to, oldest first (the entry itself included). */
  chain: EntrySummary[];
  evidence: EvidenceSummary;
  station: string;
  pack: string;
}

export interface RegisterStats {
  fromDay: string;
  toDay: string;
  /** People checked (the last entry of each correction chain). */
  people: number;
  /** 24 hours, local time: people by outcome in each hour. */
  byHour: { hour: number; counts: Record<Outcome, number> }[];
  byCategory: Partial<Record<Category, number>>;
  byOutcome: Record<Outcome, number>;
  /** People let in with no exit by the end of their day (today's: still inside). */
  neverLeft: number;
  /** Exits that matched no entrant. */
  exitsWithoutEntry: number;
  /** Exits recorded in the range (and the day after); none: the venue does not record exits. */
  exits: number;
}

export interface ImportReport {
  kind: TableKind;
  rows: number;
  valid: number;
  /** Rows new or changed in the database (0 for a preview). */
  added: number;
  /** The first row errors (at most 1,000); `errorRows` counts every row with one. */
  errors: RowError[];
  errorRows: number;
  committed: boolean;
  /** The first valid rows as they will be kept (ID and phone masked), so the preview shows what goes in, not only errors. */
  validRows: ImportRowView[];
}

export interface ImportRowView {
  row: number;
  name?: string | undefined;
  idMasked?: string | undefined;
  category?: Category | undefined;
  badge?: string | undefined;
  sampledMs?: number | undefined;
  result?: 'negative' | 'positive' | undefined;
  method?: 'nat' | 'antigen' | undefined;
}

/** One person inside now (issue 31). */
export interface InsidePerson {
  /** "station#entry": what `exitFromList` takes. */
  ref: string;
  /** This gate's entrants in full (a signed-in operator); other gates' masked, as the venue holds them. */
  name?: string | undefined;
  idMasked?: string | undefined;
  category: Category;
  outcome: Outcome;
  station: string;
  /** Entered at this gate (else another gate of the venue). */
  own: boolean;
  at: number;
  localDay: string;
  minutesInside: number;
  /** Past the venue's visiting hours, or still here from an earlier day. */
  overdue: boolean;
  /** Visitors, or the place's own people (staff, workers, students, residents). */
  group: 'visitor' | 'resident';
}

export interface InsideView {
  now: number;
  day: string;
  count: number;
  people: InsidePerson[];
  /** Staff and residents listed (apart from visitors), or left out by the setting. */
  staff: 'apart' | 'hidden';
  visitingUntil?: string | undefined;
  /** Exits recorded since the list's first day that matched no entrant. */
  unmatchedExits: number;
  /** In a venue: when this station last heard from it (other gates' people are as of then). */
  venue?: { syncedAt: number | null } | undefined;
  /** The station is locked: every name masked (this gate's too), and exits from the list need an operator. */
  namesMasked?: true | undefined;
}

export interface ExitOutput {
  entryId: number;
  at: number;
  matched: boolean;
  /** The entrant the exit closed. */
  closed?: { ref: string; name?: string | undefined; category: Category; station: string; at: number; minutesInside: number } | undefined;
  message: Bilingual;
}

/** A serial-mode scanner's standing (issue 32): the port, whether it is open, and why not. */
export interface SerialStatusView {
  path: string;
  baudRate: number;
  connected: boolean;
  problem?: 'not-found' | 'busy' | 'no-permission' | 'unplugged' | 'failed' | 'overflow' | 'garbage' | 'partial' | 'flood' | undefined;
  detail?: string | undefined;
}

/** A serial port this computer has (issue 32): its path and, where the system says, what is on it. */
export interface SerialPortView {
  path: string;
  /** The maker and product as the system names them, or the by-id name. */
  label?: string | undefined;
}

/** A screen attached to this computer (Electron). */
export interface ScreenView {
  id: number;
  label: string;
  width: number;
  height: number;
  /** The screen the station's window is on by default. */
  primary: boolean;
}

/** This station's devices (issue 32): serial scanner and the screen facing the entrant. */
export interface PeripheralsView {
  serial: {
    /** The ports found (a port not listed can still be typed: a pseudo-terminal, a port the system cannot describe). */
    ports: SerialPortView[];
    /** How the list was made: the system's description, or the device folders alone (no udev here). */
    listedBy: 'system' | 'device-files';
    configured?: { path: string; baudRate: number; terminator: 'any' | 'gap'; gapMs: number } | undefined;
    /** The browser host's --serial: set on the command line, not here. */
    fixedByHost?: { path: string; baudRate: number } | undefined;
    status?: SerialStatusView | undefined;
  };
  screens: {
    /** Whether this host can put a window on a screen (Electron); the browser host has /display instead. */
    available: boolean;
    list: ScreenView[];
    configured: 'off' | 'auto' | number;
    /** The screen the entrant's window is on now (none: off, or the chosen screen is unplugged). */
    showingOn?: number | undefined;
  };
}

/** The entrant-facing screen's state: idle (a welcome), an outcome, or an exit. Nothing personal. */
export interface DisplayState {
  state: 'idle' | 'outcome' | 'exit';
  outcome?: Outcome | undefined;
  route?: Route | undefined;
  matched?: boolean | undefined;
}
