// The station's log file: JSON lines under the data folder's logs/, written by pino through pino-roll (5 MB a file, the
// current one and four before it), from the Electron main process, the browser host and the command line alike.
// What a line may hold: time, level, process, an event name, a correlation id and a report code, a method, a duration,
// an error code and a short detail. Never personal data: no names, ID numbers, payloads, PINs, tokens. Text that came
// from outside (a file name, a server's message) is escaped before it is written, so it cannot forge a line.
import { chmodSync, fsyncSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cutText } from '../../core/text';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';
import { PRIVATE_FILE_MODE } from '../../db/connection';

export const LOGS_DIR_NAME = 'logs';
/** The base name of the log files: gatecheck.1.log, gatecheck.2.log, … (pino-roll numbers them). */
export const LOG_FILE_BASE = 'gatecheck';
const FILE_SIZE = '5m';
const OLDER_FILES = 4;

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined>;

// C0 and C1 controls (newlines included), the line and paragraph separators, zero-width and bidi marks: anything that
// could end a line early or make one read as something else in a viewer.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** Text from anywhere, made safe for one log line: every unsafe character as a visible \uXXXX, and at most 500 characters (never half of one). */
export function sanitize(text: string): string {
  return cutText(text, 500).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

interface Sink {
  write(level: LogLevel, event: string, fields: LogFields): void;
}

/** Before a log file is open (tests, a failed start): one readable line on stderr, escaped the same way. */
const stderrSink: Sink = {
  write(level, event, fields) {
    const rest = Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${typeof v === 'string' ? sanitize(v) : String(v)}`);
    process.stderr.write(`[${event}] ${level} ${rest.join(' ')}\n`);
  },
};

let sink: Sink = stderrSink;

function cleanFields(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = typeof v === 'string' ? sanitize(v) : v;
  return out;
}

/** The station's log: what every part of the main process, the host and the command line write to. */
export const log = {
  info: (event: string, fields: LogFields = {}) => sink.write('info', event, cleanFields(fields)),
  warn: (event: string, fields: LogFields = {}) => sink.write('warn', event, cleanFields(fields)),
  error: (event: string, fields: LogFields = {}) => sink.write('error', event, cleanFields(fields)),
};

/** The folder of the log files. */
export function logsDirOf(dataDir: string): string {
  return join(dataDir, LOGS_DIR_NAME);
}

// Letters and digits that cannot be misread for each other on a screen or over the phone (no 0/O, 1/I/L, 5/S, 8/B).
const REPORT_ALPHABET = '234679ACDEFGHJKMNPQRTUVWXYZ';

/** A short code staff can read out ("R-7KQ2MA"): it stands in the log beside the call's correlation id. */
export function newReportCode(): string {
  const bytes = randomBytes(6);
  return `R-${[...bytes].map((b) => REPORT_ALPHABET[b % REPORT_ALPHABET.length]).join('')}`;
}

export interface OpenLog {
  /** The folder the files are in. */
  dir: string;
  /** Closes the file (the lines are already on disk: every line is written as it comes). */
  close(): void;
}

/**
 * Opens the data folder's log (logs/ made 0700, files 0600) and makes it where `log` writes. Every line is written
 * synchronously; a warning or an error is also flushed to the disk before `log` returns, so the line a staff member's
 * report code points at is there even if the process dies next.
 */
export async function openStationLog(dataDir: string, proc: 'main' | 'host' | 'cli', limits: { fileSize?: string; olderFiles?: number } = {}): Promise<OpenLog> {
  const dir = logsDirOf(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const stream = await pinoRoll({ file: join(dir, LOG_FILE_BASE), extension: '.log', size: limits.fileSize ?? FILE_SIZE, limit: { count: limits.olderFiles ?? OLDER_FILES }, sync: true, mkdir: true, mode: PRIVATE_FILE_MODE });
  const logger: Logger = pino({
    base: { proc, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'event',
    formatters: { level: (label) => ({ level: label }) },
  }, stream);
  sink = {
    write(level, event, fields) {
      logger[level](fields, sanitize(event));
      if (level !== 'info') {
        try {
          fsyncSync(stream.fd);
        } catch {
          // A log that cannot be flushed must not stop the gate: the line is written, only not yet forced to disk.
        }
      }
    },
  };
  return {
    dir,
    close() {
      sink = stderrSink;
      try {
        stream.flushSync();
        stream.end();
      } catch {
        // closing a log that already failed: nothing left to do
      }
    },
  };
}

/**
 * Log files last written before `beforeMs` (the retention cut-off), except the one in use: removed. Returns how many.
 * The caller holds this back while a clock jump waits for an admin, like every other deletion.
 */
export function purgeLogsBefore(dataDir: string, beforeMs: number): number {
  const dir = logsDirOf(dataDir);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.startsWith(`${LOG_FILE_BASE}.`) && f.endsWith('.log'));
  } catch {
    return 0;
  }
  const dated = files.map((f) => ({ f, mtime: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.mtime - a.mtime);
  let removed = 0;
  for (const { f, mtime } of dated.slice(1)) {
    if (mtime >= beforeMs) continue;
    rmSync(join(dir, f), { force: true });
    removed++;
  }
  return removed;
}
