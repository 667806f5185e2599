// The venue's shared register on PostgreSQL: schema `gc`, created by `venue init` (one transaction; run again, it
// changes nothing but the functions, which it replaces with this build's). The tables are made and changed by the
// migrations in ./migrations, one by one.
//
// - Every row carries venue_id, and every key and index starts with it: the schema can be distributed by venue (Citus:
//   SELECT create_distributed_table('gc.entries', 'venue_id')) for a district with hundreds of venues.
// - Entries are partitioned by month of their local day. A partition is made by `venue init` / `venue maintain`, or by
//   the ingest function when a batch needs it, and only for a month inside the venue's window (its retention behind,
//   one day ahead): never because a station sent a date. Old months are dropped whole by `venue maintain`.
// - Stations never write tables: each station's login role (made by `venue join`) is a member of gc_station, which may
//   only call gc.ingest / gc.hello and read its own venue's published files and the masked columns of its venue's
//   entries (row-level security by venue). The station id is taken from the login (session_user), never from input.
// - txid (xid8) on entries and published files is what stations page by: a row committed after a pull began, but by
//   a transaction older than the pull's snapshot, still has a txid at or above the snapshot's xmin, so it is not
//   skipped (a cursor on a timestamp or a serial would skip it).
// - The server holds no key: not the one ID numbers are fingerprinted with, not the admin's signing key (only its
//   public half, for comparison). What it publishes is signed on the admin's machine; stations check it.
import { CONTROL_SQL, DAYS_AHEAD, MAX_BATCH, MAX_BATCH_BYTES, NIL_EPOCH, WIRE_COLUMNS_SQL, WIRE_FIELDS, WIRE_LENIENT_RECORD_SQL, WIRE_RECORD_SQL, wireCastsSql, wireOkSql, wireOkTypedSql, wireProblemSql } from '../../core/venue/protocol';
export { VENUE_SCHEMA_VERSION } from './migrations';

/** Group roles (cluster-wide names; made once, shared by every venue database on the cluster). */
export const STATION_GROUP = 'gc_station';
export const PUBLISHER_GROUP = 'gc_publisher';

export const ROLES_SQL = `
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${STATION_GROUP}') THEN CREATE ROLE ${STATION_GROUP} NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${PUBLISHER_GROUP}') THEN CREATE ROLE ${PUBLISHER_GROUP} NOLOGIN; END IF;
END $$;`;


/** How long a station's statement may run, and an idle transaction stay open (set on each station's role). */
export const STATION_STATEMENT_TIMEOUT = '20s';
export const STATION_IDLE_TIMEOUT = '60s';

/**
 * The one statement of an ingest: judge every entry, set aside the refused (with the reason, made only for them), find
 * those already held (a resend) and those held with other content (a clash: then nothing is written), insert the rest
 * and move the epochs' marks. `fast` judges on the batch read once into typed columns; `slow` entry by entry.
 */
function ingestStatement(mode: 'fast' | 'slow', onConflict = false): string {
  const cols = (x: string) => WIRE_FIELDS.map((f) => `${x}.${f.name}`).join(', ');
  const judged = mode === 'fast'
    ? `SELECT x.ord, ${wireOkTypedSql('x', 'days')} AS ok, x.epoch AS k_epoch, x.seq::text AS k_seq, ${cols('x')} FROM ROWS FROM (jsonb_to_recordset(batch) AS (${WIRE_LENIENT_RECORD_SQL})) WITH ORDINALITY AS x(${WIRE_COLUMNS_SQL}, ord)`
    : `SELECT t.ord, ${wireOkSql('t.e', 'days')} AS ok, t.e->>'epoch' AS k_epoch, t.e->>'seq' AS k_seq, t.e FROM jsonb_array_elements(batch) WITH ORDINALITY AS t(e, ord)`;
  const good = mode === 'fast'
    ? `SELECT ${wireCastsSql('j')} FROM judged j WHERE j.ok AND j.ord NOT IN (SELECT ord FROM twice)`
    : `SELECT x.* FROM judged j, jsonb_to_record(j.e) AS x(${WIRE_RECORD_SQL}) WHERE j.ok AND j.ord NOT IN (SELECT ord FROM twice)`;
  const element = mode === 'fast' ? '(batch -> (j.ord::int - 1))' : 'j.e';
  return `WITH judged AS MATERIALIZED (
          ${judged}
        ), twice AS MATERIALIZED (
          SELECT q.ord FROM (SELECT j.ord, row_number() OVER (PARTITION BY j.k_epoch, j.k_seq ORDER BY j.ord) AS n FROM judged j WHERE j.ok) q WHERE q.n > 1
        ), good AS MATERIALIZED (
          ${good}
        ), held AS MATERIALIZED (
          -- Only an entry at or below the highest number the venue holds of its epoch can be held already: those alone
          -- are looked up (a batch sent again, a register restored from a backup); a new batch costs no lookups.
          SELECT g.epoch, g.seq, (${cols('g')}) IS DISTINCT FROM (${cols('y')}) AND y.epoch <> '${NIL_EPOCH}' AS differs
          FROM good g JOIN gc.station_epochs m ON m.station_id = st.station_id AND m.epoch = g.epoch AND g.seq <= m.high_seq
          CROSS JOIN LATERAL (SELECT * FROM gc.entries y WHERE y.venue_id = st.venue_id AND y.station_id = st.station_id AND y.epoch = g.epoch AND y.seq = g.seq LIMIT 1) y
        ), clash AS MATERIALIZED (
          SELECT h.epoch, h.seq FROM held h WHERE h.differs
        ), ins AS (
          -- What it already holds is in held (the station's row lock serialises its batches). A row the marks do not
          -- know of (written around the function) makes the insert fail: the batch is then sent through the same
          -- statement with ON CONFLICT DO NOTHING (never a stuck station).
          INSERT INTO gc.entries (venue_id, station_id, ${WIRE_COLUMNS_SQL})
          SELECT st.venue_id, st.station_id, ${cols('g')} FROM good g
          WHERE NOT EXISTS (SELECT 1 FROM clash) AND NOT EXISTS (SELECT 1 FROM held h WHERE h.epoch = g.epoch AND h.seq = g.seq)
          ${onConflict ? 'ON CONFLICT DO NOTHING ' : ''}RETURNING 1
        ), marks AS (
          INSERT INTO gc.station_epochs AS se (venue_id, station_id, epoch, high_seq)
          SELECT st.venue_id, st.station_id, g.epoch, max(g.seq) FROM good g WHERE NOT EXISTS (SELECT 1 FROM clash) GROUP BY g.epoch
          ON CONFLICT (station_id, epoch) DO UPDATE SET high_seq = greatest(se.high_seq, EXCLUDED.high_seq) RETURNING 1
        )
        SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM good)::int AS good, (SELECT count(*) FROM marks) AS marked,
          coalesce((SELECT jsonb_agg(jsonb_build_object('seq', ${element}->'seq', 'epoch', ${element}->'epoch', 'reason',
            CASE WHEN j.ok THEN 'seq: sent twice in one batch' ELSE coalesce(${wireProblemSql(element, 'w.lo', 'w.hi')}, 'entry: not in the expected form') END) ORDER BY j.ord)
            FROM judged j WHERE NOT j.ok OR j.ord IN (SELECT ord FROM twice)), '[]') AS refused,
          coalesce((SELECT jsonb_agg(jsonb_build_object('seq', c.seq, 'epoch', c.epoch) ORDER BY c.seq) FROM clash c), '[]') AS clashes
        INTO r;`;
}

/** Functions and privileges: replaced on every `venue init` (CREATE OR REPLACE), so an upgrade brings new ones. */
export const FUNCTIONS_SQL = `
-- The venue of the station logged in (NULL for anyone else, and for a revoked station): what row-level security
-- compares with.
CREATE OR REPLACE FUNCTION gc.my_venue() RETURNS int
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT venue_id FROM gc.stations WHERE role_name = session_user AND revoked_at IS NULL
$$;

-- The days a venue takes entries for: its retention behind the server's date (UTC), one day ahead of it.
CREATE OR REPLACE FUNCTION gc.day_window(venue int, OUT lo date, OUT hi date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT (now() AT TIME ZONE 'UTC')::date - v.retention_days, (now() AT TIME ZONE 'UTC')::date + ${DAYS_AHEAD}
  FROM gc.venues v WHERE v.venue_id = venue
$$;

-- Makes the month's partition of gc.entries if it is missing, and only for a month that meets the window [lo, hi]:
-- never one because a station sent a date. Two stations may ask at once: the advisory lock lets one make it.
DROP FUNCTION IF EXISTS gc.ensure_month(date);
CREATE OR REPLACE FUNCTION gc.ensure_month(month date, lo date, hi date) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  first date := date_trunc('month', month)::date;
  part text := 'entries_' || to_char(first, 'YYYY_MM');
BEGIN
  IF first > hi OR (first + interval '1 month')::date <= lo THEN
    RAISE EXCEPTION 'month % is outside the window % to %', first, lo, hi USING ERRCODE = '22023';
  END IF;
  IF to_regclass('gc.' || part) IS NOT NULL THEN RETURN false; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('gc.ensure_month'));
  -- Taking an advisory lock does not refresh this backend's catalog cache: the partition another station has just
  -- made may still look missing here, and CREATE then finds it.
  BEGIN
    EXECUTE format('CREATE TABLE gc.%I PARTITION OF gc.entries FOR VALUES FROM (%L) TO (%L)', part, first, (first + interval '1 month')::date);
  EXCEPTION WHEN duplicate_table THEN
    RETURN false;
  END;
  RETURN true;
END $$;

-- The venue's upkeep, once a day (the first ingest of the day, or \`venue maintain\`): the window's months made,
-- whole months behind every venue's window dropped, this venue's rows behind its own window deleted; audit-logged.
CREATE OR REPLACE FUNCTION gc.maintain(venue int) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  w record;
  m date;
  oldest_lo date;
  part record;
  made text[] := '{}';
  dropped text[] := '{}';
  deleted bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('gc.maintain'));
  SELECT * INTO w FROM gc.day_window(venue);
  IF w.lo IS NULL THEN RAISE EXCEPTION 'no venue %', venue USING ERRCODE = '22023'; END IF;
  FOR m IN SELECT generate_series(date_trunc('month', w.lo), date_trunc('month', w.hi), interval '1 month')::date LOOP
    IF gc.ensure_month(m, w.lo, w.hi) THEN made := made || to_char(m, 'YYYY-MM'); END IF;
  END LOOP;
  SELECT min(x.lo) INTO oldest_lo FROM gc.venues v, gc.day_window(v.venue_id) x;
  FOR part IN SELECT c.relname AS name, to_date(substr(c.relname, 9), 'YYYY_MM') AS first
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE i.inhparent = 'gc.entries'::regclass AND n.nspname = 'gc' AND c.relname ~ '^entries_[0-9]{4}_[0-9]{2}$' LOOP
    IF (part.first + interval '1 month')::date <= oldest_lo THEN
      EXECUTE format('DROP TABLE gc.%I', part.name);
      dropped := dropped || part.name;
    END IF;
  END LOOP;
  DELETE FROM gc.entries e WHERE e.venue_id = venue AND e.local_day < w.lo;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  UPDATE gc.venues SET maintained_on = (now() AT TIME ZONE 'UTC')::date WHERE venue_id = venue;
  IF cardinality(dropped) > 0 OR deleted > 0 OR cardinality(made) > 0 THEN
    INSERT INTO gc.audit (venue_id, action, detail) VALUES (venue, 'maintain',
      jsonb_build_object('window', jsonb_build_array(w.lo, w.hi), 'made', made, 'dropped', dropped, 'deleted', deleted));
  END IF;
  RETURN jsonb_build_object('from', w.lo, 'to', w.hi, 'made', made, 'dropped', dropped, 'deleted', deleted);
END $$;

-- Who the station is, what the venue holds of it (the highest sequence of each of its epochs), the server's clock
-- and its transaction counter. Never a key: the server holds none.
DROP FUNCTION IF EXISTS gc.hello();
CREATE OR REPLACE FUNCTION gc.hello()
RETURNS TABLE (venue_id int, venue_name text, station_id int, station_name text, venue_epoch uuid, epochs jsonb,
  server_ms bigint, txid_now text, retention_days int)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT s.venue_id, v.name, s.station_id, s.name, v.epoch,
         coalesce((SELECT jsonb_object_agg(e.epoch, e.high_seq) FROM gc.station_epochs e WHERE e.station_id = s.station_id), '{}'),
         (extract(epoch FROM clock_timestamp()) * 1000)::bigint, pg_snapshot_xmin(pg_current_snapshot())::text, v.retention_days
  FROM gc.stations s JOIN gc.venues v USING (venue_id)
  WHERE s.role_name = session_user AND s.revoked_at IS NULL
$$;

-- One batch of a station's entries (a JSON array of protocol entries), in one transaction, identity from the login.
-- Every entry is checked by itself (the cheap check on all; the reason only for those that fail): one that fails (a
-- bad field, a day outside the window) is refused with its reason and the rest go on. An entry already held with the
-- same content (a batch sent again) is counted as held; one held with other content under the same station, epoch and
-- sequence (a station restored from a backup) is a clash: nothing of the batch is written and the clashes are
-- returned, so the station opens a new epoch. The row lock on the station serialises two pushes of one station.
DROP FUNCTION IF EXISTS gc.ingest(jsonb);
-- Its statement is planned once a connection (a generic plan): planning it anew for each batch costs as much as
-- judging the batch.
CREATE OR REPLACE FUNCTION gc.ingest(batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  st gc.stations%ROWTYPE;
  w record;
  days jsonb;
  r record;
  attempt int;
BEGIN
  SELECT * INTO st FROM gc.stations s WHERE s.role_name = session_user AND s.revoked_at IS NULL FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'role % is not a station', session_user USING ERRCODE = '42501'; END IF;
  IF jsonb_typeof(batch) IS DISTINCT FROM 'array' OR jsonb_array_length(batch) > ${MAX_BATCH} OR octet_length(batch::text) > ${MAX_BATCH_BYTES} THEN
    RAISE EXCEPTION 'a batch is an array of at most ${MAX_BATCH} entries and ${MAX_BATCH_BYTES} bytes' USING ERRCODE = '22023';
  END IF;
  IF (SELECT v.maintained_on FROM gc.venues v WHERE v.venue_id = st.venue_id) IS DISTINCT FROM (now() AT TIME ZONE 'UTC')::date THEN
    PERFORM gc.maintain(st.venue_id);
  END IF;
  SELECT * INTO w FROM gc.day_window(st.venue_id);
  SELECT jsonb_object_agg(d::date::text, true) INTO days FROM generate_series(w.lo, w.hi, interval '1 day') AS d;
  -- The window's months are made by the day's upkeep; one missing all the same (dropped by hand) is made and the
  -- batch tried once more.
  FOR attempt IN 1..2 LOOP
    BEGIN
      -- Fast: the batch read once into typed columns, every entry judged on them. A batch the typed read cannot take
      -- (a text where a number goes, …) is judged entry by entry instead, with the JSON types checked too.
      BEGIN
        ${ingestStatement('fast')}
      EXCEPTION
        WHEN data_exception THEN
          ${ingestStatement('slow', true)}
        WHEN unique_violation THEN
          ${ingestStatement('slow', true)}
      END;
      EXIT;
    EXCEPTION WHEN check_violation THEN
      IF attempt = 2 THEN RAISE; END IF;
      PERFORM gc.maintain(st.venue_id);
    END;
  END LOOP;
  IF jsonb_array_length(r.clashes) > 0 THEN
    RETURN jsonb_build_object('inserted', 0, 'held', 0, 'refused', r.refused, 'clashes', r.clashes, 'epochs', '{}'::jsonb,
      'server_ms', (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
  END IF;
  UPDATE gc.stations s SET last_seen_at = now() WHERE s.station_id = st.station_id;
  -- The venue's other stations listen: new entries are pulled at once, not at the next timed round (sent at commit).
  IF r.inserted > 0 THEN PERFORM pg_notify('gc_venue_' || st.venue_id, st.station_id::text); END IF;
  RETURN jsonb_build_object('inserted', r.inserted, 'held', r.good - r.inserted, 'refused', r.refused, 'clashes', '[]'::jsonb,
    'epochs', (SELECT coalesce(jsonb_object_agg(e.epoch, e.high_seq), '{}') FROM gc.station_epochs e WHERE e.station_id = st.station_id),
    'server_ms', (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
END $$;

-- A joined station may register a one-time invite for another (the code itself never reaches the server: only its
-- id, the name it is for and when it expires, at most 24 hours on).
CREATE OR REPLACE FUNCTION gc.add_invite(id text, for_station text, expires timestamptz) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  venue int := gc.my_venue();
BEGIN
  IF venue IS NULL THEN RAISE EXCEPTION 'role % is not a station', session_user USING ERRCODE = '42501'; END IF;
  IF id !~ '^[0-9a-f]{16}$' OR length(for_station) NOT BETWEEN 1 AND 64 OR for_station ~ '${CONTROL_SQL}'
     OR expires > now() + interval '24 hours' OR expires <= now() THEN
    RAISE EXCEPTION 'an invite is a 16-hex id, a station name and an expiry within 24 hours' USING ERRCODE = '22023';
  END IF;
  INSERT INTO gc.invites (invite_id, venue_id, station_name, expires_at) VALUES (id, venue, for_station, expires);
  INSERT INTO gc.audit (venue_id, action, detail) VALUES (venue, 'invite', jsonb_build_object('station', for_station, 'expires', expires));
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA gc FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA gc FROM PUBLIC;
GRANT USAGE ON SCHEMA gc TO ${STATION_GROUP}, ${PUBLISHER_GROUP};
GRANT EXECUTE ON FUNCTION gc.my_venue(), gc.hello(), gc.ingest(jsonb), gc.add_invite(text, text, timestamptz) TO ${STATION_GROUP};
GRANT SELECT ON gc.published TO ${STATION_GROUP};
GRANT SELECT (venue_id, station_id, epoch, seq, station, local_day, at_ms, outcome, category, id_hash, payload_fingerprint, txid,
  name_masked, closes_station, closes_seq, corrects_seq)
  ON gc.entries TO ${STATION_GROUP};
GRANT SELECT, INSERT, UPDATE, DELETE ON gc.published TO ${PUBLISHER_GROUP};
GRANT SELECT ON gc.entries, gc.stations TO ${PUBLISHER_GROUP};
GRANT SELECT (venue_id, name, epoch, created_at, admin_key, retention_days) ON gc.venues TO ${PUBLISHER_GROUP};

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
