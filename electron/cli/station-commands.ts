// `accept`: what an admin accepts after a loud stop or hold (a clock jump, a register behind its high-water mark, a
// missing install key), on the admin PIN; every acceptance goes to the register's security log.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { acceptStopped } from '../main/services/accept';
import { SECRET_FILE_NAME } from '../main/services/install-secret';
import { openStationLog } from '../main/services/station-log';
import { guarded, parseOptions, PIN_HELP, readPin, refusePinArguments, UsageError, type Command } from './shared';
import { supportBundle } from '../main/services/diagnose';
import { supportBundleName, writePrivateFile } from '../main/services/gate/support';
import { openGate } from '../main/services/compose';
import { dirname, basename, resolve } from 'node:path';

export const acceptCommand: Command = {
  summary: 'accept, on the admin PIN, what stopped or holds the station (a clock jump, a register behind its mark, a missing key)',
  usage: 'npm run -s cli -- accept --data-dir DIR\n' +
    '  needs the admin PIN: ' + PIN_HELP + '\n' +
    `  where ${SECRET_FILE_NAME} is gone no stored PIN can be checked: a new admin PIN is asked for instead (GATECHECK_NEW_ADMIN_PIN or the prompt)`,
  run: (args, io) =>
    guarded(io, async () => {
      refusePinArguments(args);
      const { values } = parseOptions({ args, strict: true, options: { 'data-dir': { type: 'string' } } });
      const dataDir = values['data-dir'];
      if (!dataDir) throw new UsageError('--data-dir DIR is required');
      if (!existsSync(join(dataDir, 'register.sqlite'))) throw new UsageError(`${dataDir} holds no register`);
      const keyGone = !existsSync(join(dataDir, SECRET_FILE_NAME));
      const adminPin = keyGone ? '' : await readPin(io, 'admin');
      const newAdminPin = keyGone ? io.env?.GATECHECK_NEW_ADMIN_PIN ?? (await io.readSecret?.('新的管理员 PIN / New admin PIN: ')) : undefined;
      const opened = await openStationLog(dataDir, 'cli').catch(() => undefined);
      try {
        const r = acceptStopped(dataDir, { adminPin, newAdminPin });
        if (r.accepted.length === 0) io.out('nothing to accept: the station starts as it is\n');
        for (const note of r.notes) io.out(`accepted: ${note}\n`);
        return 0;
      } finally {
        opened?.close();
      }
    }),
};

export const diagnoseCommand: Command = {
  summary: 'make a support bundle (logs, versions, settings, the station\'s checks; never the register, keys or PINs)',
  usage: 'npm run -s cli -- diagnose --data-dir DIR [--out FILE.zip]\n' +
    '  works on a station that does not start too: why it does not is one of the checks',
  run: (args, io) =>
    guarded(io, async () => {
      const { values } = parseOptions({ args, strict: true, options: { 'data-dir': { type: 'string' }, out: { type: 'string' } } });
      const dataDir = values['data-dir'];
      if (!dataDir) throw new UsageError('--data-dir DIR is required');
      if (!existsSync(dataDir)) throw new UsageError(`${dataDir}: no such folder`);
      const bytes = await supportBundle(dataDir, { open: () => openGate(dataDir) });
      const out = resolve(values.out ?? supportBundleName(Date.now()));
      io.out(`${writePrivateFile(dirname(out), basename(out), bytes)}\n`);
      return 0;
    }),
};
