// The station's configuration: venue and station names, the venue profile, time zone, retention, the screen's
// settings. Every bound is written once, in `stationSettingsSchema` (no defaults: what a settings change may set);
// `stationConfigSchema` adds the defaults a stored configuration is read with; the setup wizard and the settings
// screen's contract inputs are cut from these two.
import { z } from 'zod';
import { CATEGORIES } from '../rules/types';
import { profileSchema } from '../rules/profile';
import { DEFAULT_TIME_ZONE } from '../register/local-day';

export const uiSettingsSchema = z.strictObject({
  language: z.enum(['zh', 'en']),
  sounds: z.boolean(),
  speech: z.boolean(),
  /** Seconds before an outcome clears itself (privacy: the next person in line should not read it). */
  clearAfterSeconds: z.number().int().min(3).max(600),
  lockAfterMinutes: z.number().int().min(1).max(240),
  cameraId: z.string().max(200).optional(),
  /** In Chinese, show the English words under the Chinese ones (a venue with English-speaking staff or visitors). Off unless set. */
  bilingual: z.boolean().optional(),
});
export type UiSettings = z.output<typeof uiSettingsSchema>;

export const UI_DEFAULTS = { language: 'zh', sounds: true, speech: false, clearAfterSeconds: 15, lockAfterMinutes: 10 } as const satisfies UiSettings;

/** Entries older than this many days are purged (POLICY.md: 30 by default). */
export const DEFAULT_RETENTION_DAYS = 30;

/** Whether the runtime's time-zone data knows `zone` (Intl throws a RangeError for an unknown one). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone }).format(0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A serial-mode scanner (issue 32): its port (a device path such as /dev/ttyACM0 or /dev/serial/by-id/…, or COM3), its
 * baud rate, and what ends a scan: CR, LF or CRLF (`any`), or a quiet gap of `gapMs` (a scanner sending no terminator).
 */
export const serialSettingsSchema = z.strictObject({
  path: z.string().trim().min(1).max(300).refine((p) => p.startsWith('/') || /^(\\\\\.\\)?COM\d{1,3}$/i.test(p), { message: 'a device path (/dev/…) or a COM port (COM3)' }),
  baudRate: z.number().int().min(300).max(4_000_000),
  terminator: z.enum(['any', 'gap']),
  gapMs: z.number().int().min(10).max(2000),
});
export type SerialSettings = z.output<typeof serialSettingsSchema>;
export const SERIAL_SETTINGS_DEFAULTS = { baudRate: 9600, terminator: 'any', gapMs: 50 } as const satisfies Omit<SerialSettings, 'path'>;

/** The screen facing the entrant (Electron): off when absent, `auto` the first screen that is not the station's, or a screen's id. */
export const entrantScreenSchema = z.union([z.literal('off'), z.literal('auto'), z.number().int().nonnegative()]);
export type EntrantScreen = z.output<typeof entrantScreenSchema>;

export const stationSettingsSchema = z.strictObject({
  venueName: z.string().trim().min(1).max(100),
  stationName: z.string().trim().min(1).max(50),
  /** IANA zone of the venue: one the runtime knows, or the configuration is refused whole (one clear error, never a
   *  RangeError at every later date). */
  timeZone: z.string().min(1).max(64).refine(isKnownTimeZone, { message: 'not a time zone this computer knows (e.g. Asia/Shanghai)' }),
  defaultCategory: z.enum(CATEGORIES).optional(),
  /** A trust list older than this many days puts a warning on the scan screen. */
  trustMaxAgeDays: z.number().int().min(1).max(3650),
  retentionDays: z.number().int().min(1).max(3650),
  /** Where daily CSV files go; the data folder's exports/ when absent. */
  exportDir: z.string().min(1).max(500).optional(),
  /** A policy pack older than this (days since it took effect) puts a warning on the scan screen. */
  packMaxAgeDays: z.number().int().min(1).max(36500),
  /** A body temperature at or above this (°C) counts as fever (37.3 °C in the 2022 triage guidance). */
  feverThresholdC: z.number().min(37).max(38.5),
  ui: uiSettingsSchema,
  profile: profileSchema,
  /** When visiting hours end ("HH:MM", the venue's time): a visitor still inside after it is marked overdue. */
  visitingUntil: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM').optional(),
  /** The inside list shows staff and residents apart from visitors (default), or visitors alone. */
  insideStaff: z.enum(['apart', 'hidden']).optional(),
  /** A two-way gate (X marks the next scan as an exit; the default) or an exit gate (every scan is an exit). */
  gateMode: z.enum(['both', 'exit']).optional(),
  /** This station's serial-mode scanner (none when absent); never a venue-wide setting. */
  serial: serialSettingsSchema.optional(),
  /** This station's screen facing the entrant (Electron; off when absent). */
  entrantScreen: entrantScreenSchema.optional(),
});

/**
 * What a venue's admin publishes for every gate (`venue publish --settings FILE.json`): the venue-wide settings, never
 * a station's own (its name, export folder, screen, operators or PINs).
 */
export const venueSettingsSchema = stationSettingsSchema
  .pick({ venueName: true, timeZone: true, defaultCategory: true, trustMaxAgeDays: true, retentionDays: true, packMaxAgeDays: true, feverThresholdC: true, profile: true, visitingUntil: true, insideStaff: true })
  .partial();

const { shape } = stationSettingsSchema;
const ui = uiSettingsSchema.shape;

export const stationConfigSchema = stationSettingsSchema.extend({
  timeZone: shape.timeZone.default(DEFAULT_TIME_ZONE),
  trustMaxAgeDays: shape.trustMaxAgeDays.default(30),
  retentionDays: shape.retentionDays.default(DEFAULT_RETENTION_DAYS),
  packMaxAgeDays: shape.packMaxAgeDays.default(365),
  feverThresholdC: shape.feverThresholdC.default(37.3),
  ui: uiSettingsSchema.extend({
    language: ui.language.default(UI_DEFAULTS.language),
    sounds: ui.sounds.default(UI_DEFAULTS.sounds),
    speech: ui.speech.default(UI_DEFAULTS.speech),
    clearAfterSeconds: ui.clearAfterSeconds.default(UI_DEFAULTS.clearAfterSeconds),
    lockAfterMinutes: ui.lockAfterMinutes.default(UI_DEFAULTS.lockAfterMinutes),
  }).default(UI_DEFAULTS),
});
export type StationConfigData = z.output<typeof stationConfigSchema>;
export type StationConfigInput = z.input<typeof stationConfigSchema>;
