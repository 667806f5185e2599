// Venue schema 1 (issue 18): the venue, its stations, entries partitioned by month, published files.
export const up = `
CREATE SCHEMA gc;
REVOKE ALL ON SCHEMA gc FROM PUBLIC;

CREATE TABLE gc.schema_version (version int NOT NULL);

CREATE TABLE gc.venues (
  venue_id    int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  id_key      bytea,                                   -- HMAC key of ID hashes and scan fingerprints (the first station's)
  epoch       uuid NOT NULL DEFAULT gen_random_uuid(), -- changed by 'venue restored' after a restore from backup
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE gc.stations (
  venue_id     int NOT NULL REFERENCES gc.venues,
  station_id   int GENERATED ALWAYS AS IDENTITY,
  name         text NOT NULL,
  role_name    text NOT NULL UNIQUE,
  high_seq     bigint NOT NULL DEFAULT 0,              -- the highest station sequence ingested
  joined_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  PRIMARY KEY (venue_id, station_id),
  UNIQUE (station_id)
);

CREATE TABLE gc.entries (
  venue_id            int NOT NULL,
  station_id          int NOT NULL,
  seq                 bigint NOT NULL,                 -- the station's entry id: (venue, station, seq) is the entry
  local_day           date NOT NULL,
  at_ms               bigint NOT NULL,                 -- the station's clock
  received_at         timestamptz NOT NULL DEFAULT now(), -- the server's clock
  txid                xid8 NOT NULL DEFAULT pg_current_xact_id(),
  station             text NOT NULL,
  operator            text,
  pack_id             text NOT NULL,
  pack_version        int NOT NULL,
  venue_kind          text NOT NULL,
  category            text NOT NULL,
  outcome             text NOT NULL,
  route               text,
  citations           jsonb NOT NULL,
  evidence_summary    jsonb NOT NULL,
  format              text NOT NULL,
  name                text,
  id_masked           text,
  id_hash             text,
  payload_fingerprint text,
  verification        text,
  note                text,
  corrects_seq        bigint,
  PRIMARY KEY (venue_id, station_id, seq, local_day)
) PARTITION BY RANGE (local_day);
CREATE INDEX entries_by_txid ON gc.entries (venue_id, txid);
CREATE INDEX entries_by_day ON gc.entries (venue_id, local_day, at_ms);
CREATE INDEX entries_by_id_hash ON gc.entries (venue_id, id_hash) WHERE id_hash IS NOT NULL;

CREATE TABLE gc.published (
  venue_id     int NOT NULL REFERENCES gc.venues,
  kind         text NOT NULL CHECK (kind IN ('roster', 'results', 'pack', 'trust', 'settings')),
  name         text NOT NULL,
  body         bytea NOT NULL,
  sha256       text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  txid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (venue_id, kind, name)
);
CREATE INDEX published_by_txid ON gc.published (venue_id, txid);

`;
