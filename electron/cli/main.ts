// npm run -s cli -- <subcommand> …   (also the `gatecheck` bin). Exit codes: 0 done (a refusal or a failed decode is
// still a result), 1 the operation failed (disk, database), 2 bad arguments or a bad input file.
import { COMMANDS, type CliIo } from './commands';
import { terminalSecrets } from './secrets';
import { PIN_HELP } from './shared';

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] && COMMANDS[rest[0]];
    io.out(topic ? `${topic.usage}\n\n${topic.summary}\n` : usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`gatecheck: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest, io);
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
  return ['GateCheck 门岗核验登记 — command line', '', 'usage: npm run -s cli -- <command> [options]', '', 'commands:', '  help       this text; `help <command>` for one command', ...lines, '', PIN_HELP, ''].join('\n');
}

const isMain = process.argv[1] && /electron[\\/]cli[\\/](main\.ts|bin\.cjs)$/.test(process.argv[1]);
if (isMain || process.env.GATECHECK_CLI_MAIN === '1') {
  const io: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), env: process.env, readSecret: terminalSecrets() };
  void runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
