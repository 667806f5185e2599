// The station's configuration in the settings table: venue and station names, the venue profile, time zone.
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { parseProfile, profileSchema, type VenueProfile } from '../../core/rules/profile';
import { CATEGORIES, type Category } from '../../core/rules/types';
import { DEFAULT_TIME_ZONE } from '../../core/register/local-day';
import type { SettingsRepo } from '../../db/settings';
import type { PackRegistry } from './packs';
import type { Venue } from '../../core/rules/evaluate';
import { categoriesAt } from '../../core/rules/evaluate';

export const stationConfigSchema = z.strictObject({
  venueName: z.string().trim().min(1).max(100),
  stationName: z.string().trim().min(1).max(50),
  timeZone: z.string().default(DEFAULT_TIME_ZONE),
  defaultCategory: z.enum(CATEGORIES).optional(),
  /** A trust list older than this many days puts a warning on the scan screen. */
  trustMaxAgeDays: z.number().int().positive().max(3650).default(30),
  /** Entries older than this many days are purged (POLICY.md: 30 by default). */
  retentionDays: z.number().int().positive().max(3650).default(30),
  /** Where daily CSV files go; the data folder's exports/ when absent. */
  exportDir: z.string().min(1).optional(),
  /** A policy pack older than this (days since it took effect) puts a warning on the scan screen. */
  packMaxAgeDays: z.number().int().positive().max(36500).default(365),
  ui: z.strictObject({
    language: z.enum(['zh', 'en']).default('zh'),
    sounds: z.boolean().default(true),
    speech: z.boolean().default(false),
    clearAfterSeconds: z.number().int().min(3).max(600).default(15),
    lockAfterMinutes: z.number().int().min(1).max(240).default(10),
    cameraId: z.string().max(200).optional(),
  }).default({ language: 'zh', sounds: true, speech: false, clearAfterSeconds: 15, lockAfterMinutes: 10 }),
  profile: profileSchema,
});
export type StationConfigData = z.output<typeof stationConfigSchema>;
export type StationConfigInput = z.input<typeof stationConfigSchema>;

export interface StationConfig {
  data: StationConfigData;
  trustMaxAgeDays: number;
  retentionDays: number;
  exportDir?: string;
  venueName: string;
  stationName: string;
  timeZone: string;
  defaultCategory: Category;
  profile: VenueProfile;
  venue: Venue;
}

const KEY = 'station';

/** Validates and stores the station configuration (the profile checked against POLICY.md, the pack known). */
export function saveStationConfig(settings: SettingsRepo, packs: PackRegistry, input: unknown): StationConfig {
  const parsed = stationConfigSchema.safeParse(input);
  if (!parsed.success) throw new AppError('PROFILE_INVALID', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const config = resolve(parsed.data, packs);
  settings.put(KEY, parsed.data);
  return config;
}

/** The stored configuration, or undefined before setup. */
export function tryLoadStationConfig(settings: SettingsRepo, packs: PackRegistry): StationConfig | undefined {
  return settings.get(KEY) === undefined ? undefined : loadStationConfig(settings, packs);
}

/** The stored configuration, or NOT_SET_UP. */
export function loadStationConfig(settings: SettingsRepo, packs: PackRegistry): StationConfig {
  const stored = settings.get(KEY);
  if (stored === undefined) throw new AppError('NOT_SET_UP');
  const parsed = stationConfigSchema.safeParse(stored);
  if (!parsed.success) throw new AppError('PROFILE_INVALID', 'stored station configuration is not valid');
  return resolve(parsed.data, packs);
}

function resolve(data: z.output<typeof stationConfigSchema>, packs: PackRegistry): StationConfig {
  const profile = parseProfile(data.profile);
  const pack = packs.get(profile.pack);
  if (!pack) throw new AppError('PROFILE_INVALID', `pack: unknown policy pack "${profile.pack}"`);
  const venue = { profile, pack };
  const categories = categoriesAt(venue);
  const fallback: Category = profile.venueKind === 'medical' ? 'patient' : 'visitor';
  const defaultCategory = data.defaultCategory && categories.includes(data.defaultCategory) ? data.defaultCategory : fallback;
  return {
    data,
    venueName: data.venueName, stationName: data.stationName, timeZone: data.timeZone, trustMaxAgeDays: data.trustMaxAgeDays,
    retentionDays: data.retentionDays, ...(data.exportDir ? { exportDir: data.exportDir } : {}), defaultCategory, profile, venue,
  };
}
