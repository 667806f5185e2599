// Venue schema 2 (issue 29): the server is not a root of trust.
// - The ID-hash key leaves the server (gc.venues.id_key is dropped; whatever a station sent under it stays unlinkable
//   without the venue's key, which only the admin's key file and the stations hold). The venue keeps the admin's
//   public key (for a joining station to compare with what it pinned) and its retention.
// - Entries are keyed by station, install epoch and sequence; what was sent tells a resend (the same) from a clash.
//   Entries sent before epochs have the nil epoch.
// - Published files carry the admin's signature; invites and an audit trail are new.
export const up = `
ALTER TABLE gc.venues DROP COLUMN id_key;
ALTER TABLE gc.venues ADD COLUMN admin_key text;
ALTER TABLE gc.venues ADD COLUMN retention_days int NOT NULL DEFAULT 30 CHECK (retention_days BETWEEN 1 AND 3660);
ALTER TABLE gc.venues ADD COLUMN maintained_on date;

ALTER TABLE gc.stations ADD COLUMN revoked_at timestamptz;

CREATE TABLE gc.station_epochs (
  venue_id   int NOT NULL,
  station_id int NOT NULL REFERENCES gc.stations (station_id),
  epoch      uuid NOT NULL,
  high_seq   bigint NOT NULL,
  first_seen timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (station_id, epoch)
);

INSERT INTO gc.station_epochs (venue_id, station_id, epoch, high_seq)
  SELECT s.venue_id, s.station_id, '00000000-0000-0000-0000-000000000000', s.high_seq FROM gc.stations s WHERE s.high_seq > 0;

ALTER TABLE gc.entries ADD COLUMN epoch uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
ALTER TABLE gc.entries ALTER COLUMN epoch DROP DEFAULT;
ALTER TABLE gc.stations DROP COLUMN high_seq;
ALTER TABLE gc.entries DROP CONSTRAINT entries_pkey;
ALTER TABLE gc.entries ADD PRIMARY KEY (venue_id, station_id, epoch, seq, local_day);

ALTER TABLE gc.published ADD COLUMN sig text;
ALTER TABLE gc.published DROP CONSTRAINT published_kind_check;
ALTER TABLE gc.published ADD CONSTRAINT published_kind_check CHECK (kind IN ('roster', 'results', 'pack', 'trust', 'settings', 'admin-key'));

CREATE TABLE gc.invites (
  invite_id    text PRIMARY KEY,
  venue_id     int NOT NULL REFERENCES gc.venues,
  station_name text NOT NULL,
  expires_at   timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text NOT NULL DEFAULT session_user,
  used_at      timestamptz,
  used_by      int
);

CREATE TABLE gc.audit (
  at       timestamptz NOT NULL DEFAULT now(),
  venue_id int,
  actor    text NOT NULL DEFAULT session_user,
  action   text NOT NULL,
  detail   jsonb NOT NULL DEFAULT '{}'
);
`;
