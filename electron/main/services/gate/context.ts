// What every feature's handlers share: the services they call (deps) and the station's session, built once per
// gate in ./index.ts. Nothing here is stored: the session and the recent checks live in memory only.
import type { GateEvent } from '../../../api/methods';
import type { EventPayloads } from '../../../api/contract';
import type { ScreenView, SerialStatusView, VenueRegisterView, VenueSyncView } from '../../../api/views';
import type { EntrantScreen, SerialSettings } from '../../../core/station/config';
import type { SeenElsewhere } from '../../../db/venue-link';
import type { Evidence } from '../../../core/rules/types';
import type { DecodeErrorCode, Identity } from '../../../core/credentials/types';
import type { EntriesRepo, Entry } from '../../../db/entries';
import type { SettingsRepo } from '../../../db/settings';
import type { RostersRepo } from '../../../db/rosters';
import type { PackRegistry } from '../packs';
import type { Publisher } from '../pack-signature';
import type { LoadedTrust } from '../trust';
import type { Register } from '../register';
import type { Session } from './session';
import type { PinGuard } from '../pins';
import type { SecurityLogRepo } from '../../../db/security-log';
import type { RemoteInside } from './inside';

export interface GateServiceDeps {
  dataDir: string;
  rosters: RostersRepo;
  entries: EntriesRepo;
  settings: SettingsRepo;
  packs: PackRegistry;
  /** Publisher keys an imported policy pack must be signed with. */
  publishers: readonly Publisher[];
  register: Register;
  /** PIN checks with their lockout. */
  pins: PinGuard;
  hashId: (id: string) => string;
  /** The key hashId hashes with now, for the import worker that hashes and writes a roster itself. */
  idKey?: () => Buffer;
  /**
   * A station of a venue: an ID number as this station's own key fingerprinted it before it joined (its own roster,
   * imported then, is found by it). Undefined before joining.
   */
  ownHashId?: ((id: string) => string | undefined) | undefined;
  /** The stored fingerprint of a scanned text: HMAC (install key) over its SHA-256, never the text. */
  fingerprint: (text: string) => string;
  /** Clock jumps and their confirmation. */
  securityLog: SecurityLogRepo;
  clock: () => number;
  emit: <E extends GateEvent>(event: E, payload: EventPayloads[E]) => void;
  /** The trust lists in force (loaded once, reloaded after an import). */
  trust: () => Promise<LoadedTrust>;
  reloadTrust: () => Promise<void>;
  validateDccSchema?: (content: unknown) => string[];
  exportDir: () => string;
  /** Opens a folder in the system's file manager (Electron's shell); absent in the browser host and the CLI. */
  openFolder?: (path: string) => Promise<boolean>;
  /** Another gate's latest entry today of this ID hash or scan fingerprint (a station of a venue with several gates). */
  seenElsewhere?: (q: { idHash?: string | undefined; fingerprint?: string | undefined; day: string }) => SeenElsewhere | undefined;
  /** Joins the venue's register (`venue join`), then hashes with the venue's key from the next check on. */
  joinVenue?: (p: { adminUrl: string; stationName: string; venueName?: string | undefined; joinCode: string; dbPassword?: string | undefined }) => Promise<VenueSyncView>;
  /** The venue view of the register, read with the station's own login (VENUE_NOT_JOINED before it has joined). */
  venueRegister?: (q: { fromDay: string; toDay: string; outcome?: string | undefined; category?: string | undefined; idNumber?: string | undefined; limit: number }) => Promise<VenueRegisterView>;
  /** The station's standing with its venue's register, when it has joined one. */
  venueStatus?: () => VenueSyncView | undefined;
  /** The support bundle's bytes (services/diagnose.ts), for Settings. */
  supportBundle?: () => Promise<Uint8Array>;
  /** Other gates' entries and exits from a day on, as the venue last gave them (a station of a venue). */
  remoteInside?: ((fromDay: string) => RemoteInside | undefined) | undefined;
  /** The station's log (an operator's sign-out from the inside list is one of its lines). */
  log?: ((event: string, fields: Record<string, string | number>) => void) | undefined;
  /** A serial-mode scanner (issue 32): its standing, each scan's code taken once by its id, and Settings' changes. */
  serial?: {
    status(): SerialStatusView | undefined;
    claim(id: number): string | undefined;
    fixed?: { path: string; baudRate: number } | undefined;
    apply(settings: SerialSettings | undefined): Promise<void>;
  } | undefined;
  /** The screens and the entrant's window on one (Electron); absent in the browser host (it has /display) and the CLI. */
  screens?: EntrantScreens | undefined;
  /** A fixed operator (the command line's --operator), instead of PIN sign-in. */
  operator?: () => string | undefined;
}

/** The computer's screens and the window facing the entrant (Electron's main process, issue 32). */
export interface EntrantScreens {
  list(): ScreenView[];
  /** Opens, moves or closes the entrant's window for this choice; a screen that is not there now means none (yet). */
  apply(choice: EntrantScreen): void;
  /** The screen it is on now. */
  showingOn(): number | undefined;
}

/** Evidence and identity of a recent check, kept in memory only (never stored) so an attestation can complete it. */
export interface RecentCheck {
  evidence: Evidence[];
  identity: Identity;
  entry: Entry;
  at: number;
  /** Problems with the scan (a failed verification, an incomplete scan): they stay with every entry completing it. */
  problems: DecodeErrorCode[];
}

/** Recent checks by entry id: the last 50, none older than 15 minutes; forgotten when the station locks. */
export interface RecentChecks {
  get(entryId: number): RecentCheck | undefined;
  remember(check: RecentCheck): void;
  clear(): void;
}

const RECENT_MS = 15 * 60_000;
const RECENT_MAX = 50;

export function createRecentChecks(): RecentChecks {
  const recent = new Map<number, RecentCheck>();
  return {
    get: (id) => recent.get(id),
    remember(check) {
      recent.set(check.entry.id, check);
      for (const [k, v] of recent) if (check.at - v.at > RECENT_MS || recent.size > RECENT_MAX) recent.delete(k);
    },
    clear: () => recent.clear(),
  };
}

export interface GateContext extends GateServiceDeps {
  session: Session;
  recent: RecentChecks;
}
