// Runs a built main bundle (out/main/index.cjs, as Electron would load it) under Node, with the recording stand-in
// answering `require('electron')`: what a bundling mistake breaks (a native module bundled, a path that only exists
// in the source tree) breaks here. Prints what it saw as one JSON line. argv: BUNDLE USER_DATA
import Module, { createRequire } from 'node:module';
import { channelOf } from '../../electron/api/methods';
import { createElectronStandIn } from './electron-stand-in';

const [bundle, userData] = process.argv.slice(2) as [string, string];
const standIn = createElectronStandIn(userData);
const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'electron' ? standIn.electron : load.call(this, request, ...rest);
};

const started = Date.now();
// The bundle is CommonJS, loaded as Electron loads it.
createRequire(bundle)(bundle);
standIn.fireReady();
const { records } = standIn;
while (records.windows.length === 0 && records.exitCode === undefined && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
const call = async (method: Parameters<typeof channelOf>[0], input: unknown) =>
  records.ipcHandlers.get(channelOf(method))?.({ senderFrame: { url: 'gatecheck://app/index.html' } }, input);
const setup = await call('setup', { venueName: '测试医院', stationName: '门诊', profile: { pack: 'cn-2022-12-07', venueKind: 'medical', natWindowHours: 48, acceptAntigen: false, antigenWindowHours: 24 }, retentionDays: 30, adminPin: '975310', operator: { name: '赵敏', pin: '8642' } });
const peripherals = await call('peripherals', { adminPin: '975310' });
const check = await call('check', { code: 'HC1:NOT-A-REAL-CERTIFICATE', category: 'patient', source: 'wedge' });
process.stdout.write(`${JSON.stringify({ windows: records.windows.map((w) => w.loadedUrl), errorBoxes: records.errorBoxes, exitCode: records.exitCode, setup, peripherals, check })}\n`);
for (const l of records.appListeners.get('will-quit') ?? []) l();
process.exit(0);
