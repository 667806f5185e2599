// The IPC contract: one table of methods with zod input schemas and TypeScript output types. Main (ipc/register.ts),
// the preload, the browser host and the renderer all derive from it; a method missing anywhere is a compile error.
import { z } from 'zod';
import type { Method, GateEvent } from './methods';
import type { Result } from './result';
import { CATEGORIES, OUTCOMES } from '../core/rules/types';
import { healthCodeEvidenceSchema, ONE_SAMPLING_TIME, symptomEvidenceSchema, testEvidenceFields } from '../core/rules/types';
import type { RosterListing } from '../core/roster/columns';
import { SCAN_INPUTS } from '../core/register/evidence-summary';
import { entrantScreenSchema, serialSettingsSchema, stationConfigSchema, stationSettingsSchema, uiSettingsSchema, type UiSettings } from '../core/station/config';
import { adminPinSchema, pinEntrySchema, pinSchema } from '../core/station/pin';
import type { DisplayState, ExitOutput, InsideView, PeripheralsView, SerialStatusView } from './views';
import type { CheckOutput, DataSourceView, EntryDetail, EntrySummary, ImportReport, PackView, RegisterStats, SettingsView, StationInfo, TodayOutput, VenueRegisterView, VenueSyncView } from './views';

const day = z.iso.date();
const operatorName = z.string().trim().min(1).max(30);
/** Evidence an operator attests (what they saw on a phone or a paper certificate): never "verified", so no source. */
const attestedEvidence = z.discriminatedUnion('kind', [
  testEvidenceFields.omit({ source: true, issuer: true }).refine(...ONE_SAMPLING_TIME),
  healthCodeEvidenceSchema.omit({ source: true }),
  symptomEvidenceSchema.omit({ source: true }),
]);
/** What an admin may change: any of the station's settings (bounds from the station configuration, no defaults). */
const settingsChanges = stationSettingsSchema
  .pick({ venueName: true, stationName: true, profile: true, retentionDays: true, exportDir: true, trustMaxAgeDays: true, defaultCategory: true, feverThresholdC: true, visitingUntil: true, insideStaff: true, gateMode: true })
  .partial()
  .extend({
    /** An empty time clears the visiting hours (no overdue mark). */
    visitingUntil: z.union([stationSettingsSchema.shape.visitingUntil.unwrap(), z.literal('')]).optional(),
    ui: uiSettingsSchema.partial().optional(),
    addOperator: z.strictObject({ name: operatorName, pin: pinSchema }).optional(),
    removeOperator: operatorName.optional(),
    newAdminPin: adminPinSchema.optional(),
    /** The admin has checked the station's time after a forward clock jump: purging may go on. */
    confirmClock: z.literal(true).optional(),
  });

export const contract = {
  /** What the scan station needs to draw itself. NOT_SET_UP before the first-run setup. */
  station: { input: z.strictObject({}) },
  /** First-run setup (the wizard): venue, profile, retention, export folder, admin PIN, first operator. ALREADY_SET_UP after. */
  setup: {
    input: stationConfigSchema.pick({ venueName: true, stationName: true, profile: true, retentionDays: true, exportDir: true }).extend({
      /** The screen's language, chosen at the top of the wizard (Chinese unless set). */
      language: z.enum(['zh', 'en']).optional(),
      adminPin: adminPinSchema,
      operator: z.strictObject({ name: operatorName, pin: pinSchema }),
    }).refine((s) => s.operator.pin !== s.adminPin, { path: ['operator', 'pin'], message: "an operator's PIN must differ from the admin PIN" }),
  },
  /** Signs an operator in with their PIN (WRONG_PIN otherwise); entries then record the operator. */
  signIn: { input: z.strictObject({ name: operatorName, pin: pinEntrySchema }) },
  /** Locks the station (idle time or the operator leaving): scans need a sign-in again. */
  lock: { input: z.strictObject({}) },
  /**
   * Decodes a scanned string, applies the venue's rules for the entrant category and writes the entry.
   * Bad input → INVALID_INPUT; a category that does not apply → CATEGORY_NOT_APPLICABLE; an unreadable code is not an
   * error: it comes back as an outcome (usually `need`) with what is missing.
   */
  check: {
    input: z.strictObject({
      code: z.string().min(1).max(8192),
      category: z.enum(CATEGORIES),
      source: z.enum(SCAN_INPUTS),
      /** Stalls inside the scanner's burst (gaps over 35 ms): a code that then fails to decode was cut, not forged. */
      stalls: z.number().int().min(0).max(10_000).optional(),
      /** A serial scanner's scan (the `serialScan` event's id): the code is the one the port sent, taken once. */
      serialId: z.number().int().positive().optional(),
    }),
  },
  /**
   * Records an outcome from what the operator attests (a code colour and NAT result seen on a phone, a paper
   * certificate) or an emergency admission (no evidence, category emergency-patient or responder). With
   * `correctsId` the new entry completes or corrects that one (the register is append-only).
   */
  record: {
    input: z.strictObject({
      category: z.enum(CATEGORIES),
      evidence: z.array(attestedEvidence).max(5),
      correctsId: z.number().int().positive().optional(),
      note: z.string().trim().max(200).optional(),
      /** The operator confirms they checked the phone: needed to admit after a certificate failed verification. */
      phoneChecked: z.literal(true).optional(),
      /** The entrant showed no proof at all (recorded as such). */
      noProofShown: z.literal(true).optional(),
      /** A body temperature (°C), typed or sent by a thermometer; at or above the station's threshold it is fever. */
      temperature: z.strictObject({ celsius: z.number().min(30).max(45), via: z.enum(['typed', 'thermometer']) }).optional(),
    }),
  },
  /**
   * F1 on the lock screen: an emergency patient (at a medical venue; elsewhere a responder on duty) never waits for a
   * PIN. Admitted and recorded with no operator, the entry saying it was admitted while the station was locked.
   */
  emergencyLocked: { input: z.strictObject({}) },
  /** Today's counters by outcome and category and the most recent entries (masked), newest first. */
  today: { input: z.strictObject({ limit: z.number().int().positive().max(500).default(20) }) },
  /** Register entries by day range, outcome, category, a name fragment or a full ID number (matched by its hash). */
  searchRegister: {
    input: z.strictObject({
      fromDay: day.optional(),
      toDay: day.optional(),
      outcome: z.enum(OUTCOMES).optional(),
      category: z.enum(CATEGORIES).optional(),
      name: z.string().trim().min(1).max(50).optional(),
      idNumber: z.string().trim().regex(/^\d{17}[\dXx]$/).optional(),
      limit: z.number().int().positive().max(2000).default(200),
    }),
  },
  /** One entry with its correction chain and evidence summary (Enter on a register row). */
  entryDetail: { input: z.strictObject({ id: z.number().int().positive() }) },
  /** The days at a glance: people checked (the last entry of each correction chain) by hour and outcome, and by category. */
  registerStats: { input: z.strictObject({ fromDay: day, toDay: day }) },
  /** Writes the summary CSV (counts by day, hour, outcome and category; no personal data) beside the daily CSV. */
  exportSummary: { input: z.strictObject({ fromDay: day, toDay: day, language: z.enum(['zh', 'en']).default('zh') }) },
  /** Writes the CSV of a day or range into the export folder. Full names need the admin PIN. */
  exportDays: { input: z.strictObject({ fromDay: day, toDay: day, language: z.enum(['zh', 'en']).default('zh'), adminPin: pinEntrySchema.optional() }) },
  /** Opens the export folder in the system's file manager where it can (Electron); always returns its path. */
  openExportFolder: { input: z.strictObject({}) },
  /**
   * Joins the venue's shared register on PostgreSQL (admin PIN): the venue admin's URL (used once, to make this
   * station's own role; not kept), the database password when the server asks for one (not kept), this station's
   * name there, and the one-time join code from `venue invite` (the venue's keys, never sent through the server).
   * The same as `venue join --code` on the command line.
   */
  joinVenue: {
    input: z.strictObject({
      adminPin: pinEntrySchema,
      url: z.string().trim().max(2000).regex(/^postgres(ql)?:\/\//i, 'a postgresql:// URL'),
      stationName: z.string().trim().min(1).max(60),
      venueName: z.string().trim().min(1).max(100).optional(),
      joinCode: z.string().trim().min(10).max(400),
      dbPassword: z.string().max(200).optional(),
    }),
  },
  /**
   * The venue view of the register (admin PIN, a station that has joined): every gate's entries of a day or range,
   * as the station's own login may read them (no names: station, entry, time, category, outcome).
   */
  venueRegister: {
    input: z.strictObject({
      adminPin: pinEntrySchema, fromDay: day, toDay: day,
      outcome: z.enum(OUTCOMES).optional(), category: z.enum(CATEGORIES).optional(),
      idNumber: z.string().trim().min(1).max(40).optional(), limit: z.number().int().min(1).max(2000).default(500),
    }),
  },
  /**
   * Writes a support bundle (admin PIN) into the export folder: the log files, versions, the settings (no PINs, no
   * operators' names, no keys, no venue credentials) and the station's checks. Never the register.
   */
  diagnose: { input: z.strictObject({ adminPin: pinEntrySchema }) },
  /**
   * Records an exit from a scan (the same credential, badge or ID as on the way in; no proof is checked on the way
   * out). Matched to the entrant it closes (this gate's or another's, in a venue); an exit with no matching entrant is
   * recorded all the same and said so, never refused.
   */
  exit: {
    input: z.strictObject({
      code: z.string().min(1).max(8192),
      source: z.enum(SCAN_INPUTS),
      category: z.enum(CATEGORIES).optional(),
      stalls: z.number().int().min(0).max(10_000).optional(),
      serialId: z.number().int().positive().optional(),
    }),
  },
  /**
   * An entrant picked from the inside list leaves (a phone-only entrant has nothing to scan): `ref` is the list's
   * "station#entry". With `signOut` an operator clears someone who left unseen (logged, with a note).
   */
  exitFromList: { input: z.strictObject({ ref: z.string().min(3).max(120), signOut: z.literal(true).optional() }) },
  /** Who is inside now: admitted and not yet out, since the start of the previous venue day; other gates' as the venue holds them. */
  inside: { input: z.strictObject({ search: z.string().trim().max(50).optional() }) },
  /** Writes the evacuation list (everyone inside now) as a CSV into the export folder; the page prints from the list. */
  evacuation: { input: z.strictObject({ language: z.enum(['zh', 'en']).default('zh') }) },
  /**
   * What the entrant-facing screen shows (issue 32): the station page says it as its outcome changes, the display
   * pages follow (the `display` event). Only the outcome's kind ever crosses: no name, no ID, no certificate.
   */
  showDisplay: {
    input: z.strictObject({
      state: z.enum(['idle', 'outcome', 'exit']),
      outcome: z.enum(OUTCOMES).optional(),
      route: z.enum(['fever-clinic', 'on-site-test']).optional(),
      matched: z.boolean().optional(),
    }),
  },
  /**
   * This station's devices (admin PIN; issue 32): the serial ports there are and the scanner set up on one, the
   * screens there are (Electron) and the one facing the entrant.
   */
  peripherals: { input: z.strictObject({ adminPin: pinEntrySchema }) },
  /**
   * Sets them (admin PIN): a serial scanner (`null`: none) opened at once and on every start, reconnecting by itself;
   * the entrant's screen (`off`, `auto`: the first screen that is not the station's, or a screen's id).
   */
  savePeripherals: {
    input: z.strictObject({ adminPin: pinEntrySchema, serial: serialSettingsSchema.nullable().optional(), entrantScreen: entrantScreenSchema.optional() }),
  },
  /** The station's settings, for the admin (admin PIN). */
  getSettings: { input: z.strictObject({ adminPin: pinEntrySchema }) },
  /** Changes settings (admin PIN). A profile stricter than the national rule must be local-rule with a directive. */
  saveSettings: { input: z.strictObject({ adminPin: pinEntrySchema, changes: settingsChanges }) },
  /**
   * Imports a policy pack signed by a shipped publisher key (admin PIN): the signature and the pack are checked whole,
   * then the file is written atomically; a pack of the station's series takes over on its effective date.
   */
  importPack: { input: z.strictObject({ adminPin: pinEntrySchema, fileName: z.string().min(1).max(200), content: z.string().min(2).max(2_000_000) }) },
  /** Remembers the camera chosen at this station (by an operator signed in; no PIN: it changes no rule). */
  chooseCamera: { input: z.strictObject({ deviceId: z.string().min(1).max(200) }) },
  /** Imports a trust list (admin PIN): validated whole, then written atomically; the old list stays on any error. */
  importTrust: { input: z.strictObject({ adminPin: pinEntrySchema, fileName: z.string().min(1).max(200), content: z.string().min(2).max(20_000_000) }) },
  /**
   * Imports a roster or a lab-results file (CSV in UTF-8 or GB18030, or XLSX) (admin PIN). `commit: false` is the
   * preview: every row checked, nothing written. A commit writes the valid rows in batches; again adds nothing twice.
   */
  importRoster: {
    input: z.strictObject({
      adminPin: pinEntrySchema, kind: z.enum(['roster', 'results']), fileName: z.string().min(1).max(200),
      contentBase64: z.string().min(4).max(40_000_000), commit: z.boolean(),
    }),
  },
  /** The roster, by name (admin PIN): masked ID and phone, as kept. */
  listRoster: { input: z.strictObject({ adminPin: pinEntrySchema, limit: z.number().int().positive().max(20_000).default(5_000) }) },
  /** Removes one person (and their lab results) or, with `all`, the whole roster and every lab result (admin PIN). */
  removeRoster: {
    input: z.strictObject({ adminPin: pinEntrySchema, id: z.number().int().positive().optional(), all: z.literal(true).optional() })
      .refine((r) => (r.id === undefined) !== (r.all === undefined), { message: 'give exactly one of id or all' }),
  },
} satisfies Record<Method, { input: z.ZodType }>;

export type { UiSettings };
export type * from './views';

export interface Outputs {
  station: StationInfo;
  setup: StationInfo;
  signIn: { operator: string };
  lock: { locked: true };
  check: CheckOutput;
  record: CheckOutput;
  emergencyLocked: CheckOutput;
  today: TodayOutput;
  searchRegister: EntrySummary[];
  entryDetail: EntryDetail;
  registerStats: RegisterStats;
  exportDays: { path: string; rows: number };
  exportSummary: { path: string; rows: number };
  openExportFolder: { path: string; opened: boolean };
  getSettings: SettingsView;
  saveSettings: SettingsView;
  chooseCamera: { cameraId: string };
  /** The station's trust lists after the import, and what this file itself held (each kind, its count and date). */
  importTrust: StationInfo['trust'] & { imported: { kind: DataSourceView['kind']; name: string; count: number; date?: string | undefined }[] };
  importPack: { packs: PackView[]; imported: PackView };
  importRoster: ImportReport;
  joinVenue: VenueSyncView;
  venueRegister: VenueRegisterView;
  listRoster: { people: RosterListing[]; total: number; results: number };
  removeRoster: { people: number; results: number };
  diagnose: { path: string; bytes: number };
  exit: ExitOutput;
  exitFromList: ExitOutput;
  inside: InsideView;
  evacuation: { path: string; rows: number; view: InsideView };
  showDisplay: Record<string, never>;
  peripherals: PeripheralsView;
  savePeripherals: PeripheralsView;
}

export type InputOf<M extends Method> = z.input<(typeof contract)[M]['input']>;
export type ParsedInputOf<M extends Method> = z.output<(typeof contract)[M]['input']>;
export type OutputOf<M extends Method> = Outputs[M];

export interface EventPayloads {
  entryRecorded: EntrySummary;
  /** An exit was written (the inside list changes). */
  exitRecorded: { id: number; at: number; matched: boolean };
  /** A serial scanner's scan: the page routes it as a keyboard scan, and the check takes it by its id (once). */
  serialScan: { id: number; code: string; at: number };
  serialStatus: SerialStatusView;
  /** What the entrant-facing screen shows now. */
  display: DisplayState;
}

/** One implementation per method, given the parsed input: what main, the browser host and the CLI all call. */
export type Handlers = { [M in Method]: (input: ParsedInputOf<M>) => Promise<OutputOf<M>> };

/** The type of `window.gate`: one function per method, plus `on` for pushed events. */
export type GateApi = { [M in Method]: (input: InputOf<M>) => Promise<Result<OutputOf<M>>> } & {
  on<E extends GateEvent>(event: E, callback: (payload: EventPayloads[E]) => void): () => void;
};
