// PINs for the command line: never an argument (any user's `ps` shows the command line), but an environment
// variable or a prompt. At a terminal the prompt echoes nothing; from a pipe, each prompt takes the next line.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Reads one secret for `prompt`; undefined at the end of input. */
export type SecretReader = (prompt: string) => Promise<string | undefined>;

/** Reads secrets from a terminal with echo off, or line by line from piped input. */
export function terminalSecrets(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): SecretReader {
  if (input.isTTY) return (prompt) => readHidden(input, output, prompt);
  return lineReader(input);
}

/** Each call takes the next line of the stream (a pipe: `printf '975310\n8642\n' | gatecheck setup …`). */
export function lineReader(input: Readable): SecretReader {
  let lines: AsyncIterator<string> | undefined;
  return async () => {
    lines ??= createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
    const next = await lines.next();
    return next.done ? undefined : next.value.trim();
  };
}

function readHidden(input: NodeJS.ReadStream, output: NodeJS.WriteStream, prompt: string): Promise<string | undefined> {
  output.write(prompt);
  return new Promise((resolve) => {
    let text = '';
    input.setRawMode(true);
    input.resume();
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004' || ch === '\u0003') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          output.write('\n');
          resolve(ch === '\u0003' ? undefined : text);
          return;
        }
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    };
    input.on('data', onData);
  });
}
