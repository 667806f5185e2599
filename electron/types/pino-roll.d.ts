// pino-roll ships no types: the part of its API the station log uses (a SonicBoom stream that rolls by size). Kept
// free of Node's types, since this folder is shared with the pure core's project.
declare module 'pino-roll' {
  interface PinoRollOptions {
    file: string;
    size?: string | number;
    extension?: string;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    sync?: boolean;
    mode?: number;
  }
  interface RollStream {
    /** The open file's descriptor. */
    fd: number;
    write(data: string): boolean;
    flushSync(): void;
    end(): void;
  }
  export default function pinoRoll(options: PinoRollOptions): Promise<RollStream>;
}
