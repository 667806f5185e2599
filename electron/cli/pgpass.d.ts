// The pgpass package (pg's own reader of ~/.pgpass and PGPASSFILE) has no types of its own.
declare module 'pgpass' {
  export default function pgpass(connInfo: { host?: string; port?: string | number; database?: string; user?: string }, cb: (password: string | undefined) => void): void;
}
