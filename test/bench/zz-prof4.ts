import { startPgCluster } from '../support/pg-cluster';
import { initVenue, joinStation } from '../../electron/db/venue/admin';
import { withVenue, withCredentials } from '../../electron/db/venue/connect';
import { newAdminKeys } from '../../electron/main/services/venue/admin-key';
import { randomUUID, createHash } from 'node:crypto';
import pg from 'pg';
const cluster = startPgCluster();
try {
  cluster.psql('CREATE DATABASE p');
  const url = cluster.url('p');
  const admin = newAdminKeys('v');
  const j = await withVenue(url, async (c) => { await initVenue(c, { venueName: 'v', adminKey: admin.publicKey }); return joinStation(c, { venueName: 'v', stationName: 's', adminKey: admin.publicKey }); });
  const su = new pg.Client({ connectionString: url }); await su.connect();
  const st = new pg.Client({ connectionString: withCredentials(url, j.role, j.password) });
  await st.connect();
  const day = new Date(Date.now() - 2 * 86400000).toISOString().slice(0, 10);
  const mk = (epoch: string, seq: number) => ({ epoch, seq, local_day: day, at_ms: Date.now(), station: 's', operator: 'op', pack_id: 'cn-2022-12-07', pack_version: 1, venue_kind: 'school', category: 'visitor', outcome: 'need', route: null, citations: ['Q3'], evidence_summary: { kinds: [], sources: [] }, format: 'opaque', name: null, id_masked: null, id_hash: createHash('sha256').update(String(seq)).digest('hex'), payload_fingerprint: createHash('sha256').update('x' + seq).digest('hex'), verification: null, note: null, corrects_seq: null });
  for (const mode of ['new', 'resend']) {
    const times: number[] = [];
    for (let r = 0; r < 6; r++) {
      const epoch = randomUUID();
      const batch = JSON.stringify(Array.from({ length: 1000 }, (_, i) => mk(epoch, i + 1)));
      if (mode === 'resend') await st.query('SELECT gc.ingest($1::jsonb)', [batch]);
      const t = performance.now();
      const res = await st.query('SELECT gc.ingest($1::jsonb) AS r', [batch]);
      times.push(performance.now() - t);
      if (r === 0) console.log(mode, JSON.stringify(res.rows[0].r).slice(0, 80));
    }
    console.log(mode, times.map((x) => x.toFixed(0)).join(' '));
  }
  const cols = Object.keys(mk('x', 1));
  const times: number[] = [];
  for (let r = 0; r < 6; r++) {
    const epoch = randomUUID();
    const rows = Array.from({ length: 1000 }, (_, i) => mk(epoch, i + 1));
    const values: unknown[] = [];
    const tuples = rows.map((e, ri) => { const all = { venue_id: 1, station_id: 1, ...e } as Record<string, unknown>; const ks = ['venue_id', 'station_id', ...cols]; ks.forEach((k) => values.push(k === 'citations' || k === 'evidence_summary' ? JSON.stringify(all[k]) : all[k])); return `(${ks.map((_, i) => `$${ri * ks.length + i + 1}`).join(',')})`; });
    const t = performance.now();
    await su.query(`INSERT INTO gc.entries (venue_id, station_id, ${cols.join(',')}) VALUES ${tuples.join(',')}`, values);
    times.push(performance.now() - t);
  }
  console.log('bare', times.map((x) => x.toFixed(0)).join(' '));
  await st.end(); await su.end();
} finally { cluster.close(); }
