// The venue's shared register on PostgreSQL: schema `gc`, created by `venue init` (one transaction; run again, it
// changes nothing but the functions, which it replaces with this build's).
//
// - Every row carries venue_id, and every key and index starts with it: the schema can be distributed by venue (Citus:
//   SELECT create_distributed_table('gc.entries', 'venue_id')) for a district with hundreds of venues.
// - Entries are partitioned by month of their local day. A partition is made by the ingest function when a batch
//   needs it (under an advisory lock; a station that finds it made meanwhile goes on).
// - Stations never write tables: each station's login role (made by `venue join`) is a member of gc_station, which may
//   only call gc.ingest / gc.hello and read its own venue's published files and the masked columns of its venue's
//   entries (row-level security by venue). The station id is taken from the login (session_user), never from input.
// - txid (xid8) on entries and published files is what stations page by: a row committed after a pull began, but by
//   a transaction older than the pull's snapshot, still has a txid at or above the snapshot's xmin, so it is not
//   skipped (a cursor on a timestamp or a serial would skip it).

export const VENUE_SCHEMA_VERSION = 1;

/** Group roles (cluster-wide names; made once, shared by every venue database on the cluster). */
export const STATION_GROUP = 'gc_station';
export const PUBLISHER_GROUP = 'gc_publisher';

export const ROLES_SQL = `
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${STATION_GROUP}') THEN CREATE ROLE ${STATION_GROUP} NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${PUBLISHER_GROUP}') THEN CREATE ROLE ${PUBLISHER_GROUP} NOLOGIN; END IF;
END $$;`;

export const TABLES_SQL = `
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

INSERT INTO gc.schema_version VALUES (${VENUE_SCHEMA_VERSION});
`;

/** Functions and privileges: replaced on every `venue init` (CREATE OR REPLACE), so an upgrade brings new ones. */
export const FUNCTIONS_SQL = `
-- The venue of the station logged in (NULL for anyone else): what row-level security compares with.
CREATE OR REPLACE FUNCTION gc.my_venue() RETURNS int
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT venue_id FROM gc.stations WHERE role_name = session_user
$$;

-- Makes the month's partition of gc.entries if it is missing. Two stations may ask at once: the advisory lock lets one
-- make it; the other sees it made.
CREATE OR REPLACE FUNCTION gc.ensure_month(month date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  first date := date_trunc('month', month)::date;
  part text := 'entries_' || to_char(first, 'YYYY_MM');
BEGIN
  IF to_regclass('gc.' || part) IS NOT NULL THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('gc.ensure_month'));
  -- Taking an advisory lock does not refresh this backend's catalog cache: the partition another station has just
  -- made may still look missing here, and CREATE then finds it.
  BEGIN
    EXECUTE format('CREATE TABLE gc.%I PARTITION OF gc.entries FOR VALUES FROM (%L) TO (%L)', part, first, (first + interval '1 month')::date);
  EXCEPTION WHEN duplicate_table THEN
    NULL;
  END;
END $$;

-- Who the station is, what the server holds of it, the server's clock and its transaction counter (a server restored
-- into another cluster counts from elsewhere: the station's cursors are then reset): the first call of every round.
DROP FUNCTION IF EXISTS gc.hello();
CREATE OR REPLACE FUNCTION gc.hello()
RETURNS TABLE (venue_id int, venue_name text, station_id int, station_name text, high_seq bigint, epoch uuid, server_ms bigint, id_key bytea, txid_now text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT s.venue_id, v.name, s.station_id, s.name, s.high_seq, v.epoch,
         (extract(epoch FROM clock_timestamp()) * 1000)::bigint, v.id_key, pg_snapshot_xmin(pg_current_snapshot())::text
  FROM gc.stations s JOIN gc.venues v USING (venue_id)
  WHERE s.role_name = session_user
$$;

-- One batch of a station's entries, in one transaction: rows already held (a batch sent again, a confirmation lost)
-- are skipped by their key, so a batch may be sent any number of times and lands once. The station and venue come
-- from the login; the row lock on the station serialises two pushes of one station (a restart mid-push).
CREATE OR REPLACE FUNCTION gc.ingest(batch jsonb)
RETURNS TABLE (inserted int, high_seq bigint, epoch uuid, server_ms bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  st gc.stations%ROWTYPE;
  m date;
  n int;
  top bigint;
BEGIN
  SELECT * INTO st FROM gc.stations s WHERE s.role_name = session_user FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'role % is not a station', session_user USING ERRCODE = '42501'; END IF;
  IF jsonb_typeof(batch) <> 'array' OR jsonb_array_length(batch) > 5000 THEN
    RAISE EXCEPTION 'a batch is an array of at most 5000 entries' USING ERRCODE = '22023';
  END IF;
  FOR m IN SELECT DISTINCT date_trunc('month', x.local_day)::date FROM jsonb_to_recordset(batch) AS x(local_day date) LOOP
    PERFORM gc.ensure_month(m);
  END LOOP;
  INSERT INTO gc.entries (venue_id, station_id, seq, local_day, at_ms, station, operator, pack_id, pack_version, venue_kind,
    category, outcome, route, citations, evidence_summary, format, name, id_masked, id_hash, payload_fingerprint,
    verification, note, corrects_seq)
  SELECT st.venue_id, st.station_id, x.seq, x.local_day, x.at_ms, x.station, x.operator, x.pack_id, x.pack_version,
    x.venue_kind, x.category, x.outcome, x.route, x.citations, x.evidence_summary, x.format, x.name, x.id_masked, x.id_hash,
    x.payload_fingerprint, x.verification, x.note, x.corrects_seq
  FROM jsonb_to_recordset(batch) AS x(seq bigint, local_day date, at_ms bigint, station text, operator text, pack_id text,
    pack_version int, venue_kind text, category text, outcome text, route text, citations jsonb, evidence_summary jsonb,
    format text, name text, id_masked text, id_hash text, payload_fingerprint text, verification text, note text,
    corrects_seq bigint)
  ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  SELECT max(x.seq) INTO top FROM jsonb_to_recordset(batch) AS x(seq bigint);
  UPDATE gc.stations s SET high_seq = greatest(s.high_seq, coalesce(top, 0)), last_seen_at = now()
  WHERE s.station_id = st.station_id RETURNING s.high_seq INTO top;
  -- The venue's other stations listen: new entries are pulled at once, not at the next timed round (sent at commit).
  IF n > 0 THEN PERFORM pg_notify('gc_venue_' || st.venue_id, st.station_id::text); END IF;
  RETURN QUERY SELECT n, top, v.epoch, (extract(epoch FROM clock_timestamp()) * 1000)::bigint
    FROM gc.venues v WHERE v.venue_id = st.venue_id;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA gc FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA gc FROM PUBLIC;
GRANT USAGE ON SCHEMA gc TO ${STATION_GROUP}, ${PUBLISHER_GROUP};
GRANT EXECUTE ON FUNCTION gc.my_venue(), gc.hello(), gc.ingest(jsonb) TO ${STATION_GROUP};
GRANT SELECT ON gc.published TO ${STATION_GROUP};
GRANT SELECT (venue_id, station_id, seq, station, local_day, at_ms, outcome, category, id_hash, payload_fingerprint, txid)
  ON gc.entries TO ${STATION_GROUP};
GRANT SELECT, INSERT, UPDATE, DELETE ON gc.published TO ${PUBLISHER_GROUP};
GRANT SELECT ON gc.entries, gc.stations TO ${PUBLISHER_GROUP};
GRANT SELECT (venue_id, name, epoch, created_at) ON gc.venues TO ${PUBLISHER_GROUP};

ALTER TABLE gc.entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE gc.published ENABLE ROW LEVEL SECURITY;
ALTER TABLE gc.stations ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS station_reads_own_venue ON gc.entries;
CREATE POLICY station_reads_own_venue ON gc.entries FOR SELECT TO ${STATION_GROUP} USING (venue_id = gc.my_venue());
DROP POLICY IF EXISTS station_reads_own_venue ON gc.published;
CREATE POLICY station_reads_own_venue ON gc.published FOR SELECT TO ${STATION_GROUP} USING (venue_id = gc.my_venue());
DROP POLICY IF EXISTS publisher_all ON gc.entries;
CREATE POLICY publisher_all ON gc.entries FOR SELECT TO ${PUBLISHER_GROUP} USING (true);
DROP POLICY IF EXISTS publisher_all ON gc.published;
CREATE POLICY publisher_all ON gc.published TO ${PUBLISHER_GROUP} USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS publisher_all ON gc.stations;
CREATE POLICY publisher_all ON gc.stations FOR SELECT TO ${PUBLISHER_GROUP} USING (true);
`;
