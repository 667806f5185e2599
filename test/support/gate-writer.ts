// A station writing entries through the app's own check path (openGate → check → the durable mark) as fast as it can,
// printing "ack <id>" once each check has returned (the moment staff would see the outcome). Crash tests kill it -9.
import { openGate } from '../../electron/main/services/compose';
import { saveStationConfig } from '../../electron/main/services/station-config';

const gate = await openGate(process.argv[2]!);
if (gate.settings.get('station') === undefined) {
  saveStationConfig(gate.settings, gate.packs, { venueName: '某养老院', stationName: '1号岗', retentionDays: 30, profile: { pack: 'cn-2022-12-07', venueKind: 'eldercare' } });
}
process.stdout.write('ready\n');
for (let n = 0; ; n++) {
  const out = await gate.handlers.check({ code: `CRASH-VISIT-${process.pid}-${n}`, category: 'visitor', source: 'wedge' });
  process.stdout.write(`ack ${out.entryId}\n`);
}
