// Every command of the command line, by name (`npm run -s cli -- help` lists them).
import type { Command } from './shared';
import { checkCommand, decodeCommand, evaluateCommand } from './check-commands';
import { exportCommand, importCommand, searchCommand, setupCommand } from './register-commands';
import { packCommand } from './pack-commands';
import { venueCommand } from './venue-commands';
import { acceptCommand, diagnoseCommand } from './station-commands';
import { exitCommand, insideCommand } from './inside-commands';

export type { CliIo, Command } from './shared';
export { guarded, readJsonFile, UsageError } from './shared';

export const COMMANDS: Record<string, Command> = {
  setup: setupCommand,
  import: importCommand,
  evaluate: evaluateCommand,
  decode: decodeCommand,
  check: checkCommand,
  exit: exitCommand,
  inside: insideCommand,
  export: exportCommand,
  search: searchCommand,
  pack: packCommand,
  venue: venueCommand,
  accept: acceptCommand,
  diagnose: diagnoseCommand,
};
