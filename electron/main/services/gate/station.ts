// The station and its settings: what the scan screen draws, the first-run setup, and the admin's settings.
import type { ClockJumpView, Handlers, PackView, ParsedInputOf, SettingsView, StationInfo } from '../../../api/contract';
import { AppError } from '../../../core/errors';
import { categoriesAt } from '../../../core/rules/evaluate';
import { strictnessOf } from '../../../core/rules/profile';
import { localDayOf } from '../../../core/register/local-day';
import type { LoadedTrust } from '../trust';
import { loadStationConfig, saveStationConfig, type StationConfig } from '../station-config';
import { dataSources, isCheckFree, packView, packViews } from './sources';
import type { GateContext } from './context';
import { UI_DEFAULTS } from '../../../core/station/config';

/**
 * The trust lists' date and whether it is older than the station allows (no date at all counts as stale). Like every
 * source's, their age counts from their date or from when this station got them, whichever is later (shipped lists
 * came with the installation: `setupAtMs`).
 */
export function trustInfo(trust: LoadedTrust, maxAgeDays: number, now: number, setupAtMs?: number): StationInfo['trust'] {
  const signers = trust.sources.filter((s) => s.kind === 'eu-signers' || s.kind === 'smart-issuers');
  const received = signers.map((s) => s.receivedMs ?? (s.origin === 'shipped' ? setupAtMs : undefined)).filter((x): x is number => x !== undefined);
  const times = [trust.date ? Date.parse(trust.date) : NaN, ...received].filter(Number.isFinite);
  const at = times.length > 0 ? Math.max(...times) : NaN;
  return {
    ...(trust.date ? { date: trust.date } : {}),
    euSigners: trust.store.counts.euSigners,
    smartIssuers: trust.store.counts.smartIssuers,
    maxAgeDays,
    isStale: !Number.isFinite(at) || now - at > maxAgeDays * 86_400_000,
    expiredSigners: trust.store.expiredEuSigners(now).map((x) => ({ kid: x.kid, country: x.country, notAfter: new Date(x.notAfter).toISOString() })),
  };
}

export function stationHandlers(ctx: GateContext): Pick<Handlers, 'station' | 'setup' | 'getSettings' | 'saveSettings' | 'chooseCamera'> {
  const { settings, packs, clock, session } = ctx;

  /** When the station was set up (stations set up before it was recorded: unknown). */
  const setupAt = (): number | undefined => {
    const v = settings.get('setupAtMs');
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };

  async function station(): Promise<StationInfo> {
    const cfg = loadStationConfig(settings, packs);
    const { pack, profile } = cfg.venue;
    const now = clock();
    const packAgeDays = Math.floor((now - Date.parse(pack.effectiveFrom)) / 86_400_000);
    const packExpired = pack.effectiveTo !== null && now > Date.parse(pack.effectiveTo) + 86_400_000;
    return {
      operator: session.signedIn(),
      signInRequired: session.operators().length > 0,
      operators: session.operators().map((o) => o.name),
      ui: cfg.data.ui,
      packAgeDays,
      isPackStale: packExpired || packAgeDays > cfg.data.packMaxAgeDays,
      strictness: strictnessOf(profile),
      venueName: cfg.venueName,
      stationName: cfg.stationName,
      venueKind: profile.venueKind,
      categories: categoriesAt(cfg.venue),
      defaultCategory: cfg.defaultCategory,
      pack: packView(pack, packs),
      nextPack: nextOf(cfg),
      checkFree: isCheckFree(profile, pack),
      sources: dataSources(await ctx.trust(), cfg, packs, pack, now, setupAt()),
      natWindowHours: profile.natWindowHours,
      timeZone: cfg.timeZone,
      day: localDayOf(now, cfg.timeZone),
      now,
      feverThresholdC: cfg.data.feverThresholdC,
      gateMode: cfg.data.gateMode ?? 'both',
      ...(ctx.serial?.status() ? { serial: ctx.serial.status() } : {}),
      trust: trustInfo(await ctx.trust(), cfg.trustMaxAgeDays, now, setupAt()),
      clockJump: pendingClockJump(),
      venue: ctx.venueStatus?.(),
    };
  }

  function nextOf(cfg: StationConfig): PackView | undefined {
    const next = packs.next(cfg.profile.pack, cfg.timeZone);
    return next && next.id !== cfg.venue.pack.id ? packView(next, packs) : undefined;
  }

  /** A forward clock jump waiting for the admin's word (see compose.ts's clock watch). */
  function pendingClockJump(): ClockJumpView | undefined {
    const v = settings.get('clockJump') as Partial<ClockJumpView> | undefined;
    return v && typeof v.fromMs === 'number' && typeof v.toMs === 'number' ? { fromMs: v.fromMs, toMs: v.toMs } : undefined;
  }

  async function settingsView(): Promise<SettingsView> {
    const cfg = loadStationConfig(settings, packs);
    return {
      venueName: cfg.venueName, stationName: cfg.stationName, profile: cfg.profile, retentionDays: cfg.retentionDays, exportDir: ctx.exportDir(),
      trustMaxAgeDays: cfg.trustMaxAgeDays, feverThresholdC: cfg.data.feverThresholdC,
      visitingUntil: cfg.data.visitingUntil, insideStaff: cfg.data.insideStaff ?? 'apart', gateMode: cfg.data.gateMode ?? 'both', defaultCategory: cfg.defaultCategory, ui: cfg.data.ui, operators: session.operators().map((o) => o.name),
      packs: packViews(packs),
      packProblems: packs.problems(),
      sources: dataSources(await ctx.trust(), cfg, packs, cfg.venue.pack, clock(), setupAt()),
      trust: trustInfo(await ctx.trust(), cfg.trustMaxAgeDays, clock(), setupAt()),
      clockJump: pendingClockJump(),
    };
  }

  return {
    station,

    async setup(input: ParsedInputOf<'setup'>) {
      if (settings.get('station') !== undefined) throw new AppError('ALREADY_SET_UP');
      const { adminPin, operator, language, ...config } = input;
      saveStationConfig(settings, packs, { ...config, ...(language ? { ui: { ...UI_DEFAULTS, language } } : {}) });
      settings.put('adminPin', ctx.pins.hash(adminPin));
      settings.put('setupAtMs', clock()); // when shipped data reached this station (freshness counts from it)
      settings.put('operators', [{ name: operator.name, pin: ctx.pins.hash(operator.pin) }]);
      session.signInAs(operator.name);
      return station();
    },

    async chooseCamera(input: ParsedInputOf<'chooseCamera'>) {
      session.currentOperator(); // SIGNED_OUT while the station is locked
      const current = loadStationConfig(settings, packs).data;
      saveStationConfig(settings, packs, { ...current, ui: { ...current.ui, cameraId: input.deviceId } });
      return { cameraId: input.deviceId };
    },

    async getSettings(input: ParsedInputOf<'getSettings'>) {
      session.requireAdmin(input.adminPin);
      return settingsView();
    },

    async saveSettings(input: ParsedInputOf<'saveSettings'>) {
      session.requireAdmin(input.adminPin);
      const { addOperator, removeOperator, newAdminPin, confirmClock, ui, visitingUntil, ...config } = input.changes;
      // The admin PIN must not double as an operator's: typed at the gate all day, it would soon be no secret.
      if (addOperator && (ctx.pins.isAdminPin(addOperator.pin) || addOperator.pin === newAdminPin)) throw new AppError('INVALID_INPUT', "an operator's PIN must differ from the admin PIN");
      const { visitingUntil: before, ...current } = loadStationConfig(settings, packs).data;
      const until = visitingUntil === undefined ? before : visitingUntil || undefined;
      saveStationConfig(settings, packs, { ...current, ...config, ...(until ? { visitingUntil: until } : {}), ui: { ...current.ui, ...ui } });
      let ops = session.operators();
      if (removeOperator) {
        if (ops.length === 1 && ops[0]!.name === removeOperator) throw new AppError('INVALID_INPUT', 'the last operator cannot be removed');
        ops = ops.filter((o) => o.name !== removeOperator);
        if (session.signedIn() === removeOperator) session.signInAs(undefined);
      }
      if (addOperator) ops = [...ops.filter((o) => o.name !== addOperator.name), { name: addOperator.name, pin: ctx.pins.hash(addOperator.pin) }];
      settings.put('operators', ops);
      if (newAdminPin) settings.put('adminPin', ctx.pins.hash(newAdminPin));
      const jump = pendingClockJump();
      if (confirmClock && jump) {
        settings.remove('clockJump');
        ctx.securityLog.record({ atMs: clock(), event: 'clock-confirmed', amountMs: jump.toMs - jump.fromMs });
      }
      return settingsView();
    },
  };
}
