// PI (POLICY.md): after scanning real payloads, neither the raw payloads nor a full ID number is anywhere in the
// register's files (database and WAL), while the masked ID and a keyed hash are.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGate } from '../../../electron/main/services/compose';
import { saveStationConfig } from '../../../electron/main/services/station-config';
import { dccVector, trustListFor } from '../../support/dcc-vectors';
import { TESTDATA } from '../../support/paths';

describe('register/personal data', () => {
  it('keeps no raw payload, no full ID number and no travel field in the database or its WAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-pi-'));
    const vectors = ['CH/2.json', 'AT/4.json', 'PL/1.3.0/4.json'].map(dccVector);
    vectors.forEach((v, i) => writeFileSync(join(dir, `t${i}.json`), JSON.stringify(trustListFor(v))));
    const spec = JSON.parse(readFileSync(join(TESTDATA, 'shc/spec-examples/issuer/.well-known/jwks.json'), 'utf8'));
    writeFileSync(join(dir, 'smart.json'), JSON.stringify({ issuers: [{ iss: 'https://spec.smarthealth.cards/examples/issuer', keys: [spec.keys[0]] }] }));
    const shc = readFileSync(join(TESTDATA, 'shc/spec-examples/example-00-f-qr-code-numeric-value-0.txt'), 'utf8').trim();
    const gate = await openGate(join(dir, 'data'), { clock: () => Date.parse('2021-08-18T16:36:53+02:00'), trustPaths: readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f)) });
    saveStationConfig(gate.settings, gate.packs, { venueName: 'v', stationName: 's', profile: { pack: 'cn-2022-12-07', venueKind: 'medical' } });
    const ids = ['11010519491231002X', '440524188001010014'];
    const payloads = [...vectors.map((v) => v.json.PREFIX!), shc, ...ids];
    for (const code of payloads) await gate.handlers.check({ code, category: 'patient', source: 'wedge' });

    const files = readdirSync(gate.dataDir).filter((f) => f.startsWith('register.sqlite'));
    expect(files).toEqual(expect.arrayContaining(['register.sqlite', 'register.sqlite-wal']));
    const bytes = () => files.map((f) => readFileSync(join(gate.dataDir, f)).toString('latin1')).join('\n');
    const utf8Bytes = () => files.map((f) => readFileSync(join(gate.dataDir, f)).toString('utf8')).join('\n');
    for (const check of [bytes(), (gate.db.pragma('wal_checkpoint(TRUNCATE)'), bytes())]) {
      for (const p of payloads.slice(0, 4)) {
        for (let at = 4; at + 40 <= p.length; at += 200) expect(check.includes(p.slice(at, at + 40)), `payload piece at ${at}`).toBe(false);
      }
      for (const id of ids) {
        expect(check.includes(id)).toBe(false);
        expect(check.includes(id.slice(6, 14))).toBe(false); // the birth-date digits
      }
    }
    const text = utf8Bytes();
    expect(text).toContain('110105********002X');
    expect(text).not.toMatch(/travel|行程/i);
    const columns = (gate.db.prepare('SELECT name FROM pragma_table_info(\'entries\')').all() as { name: string }[]).map((c) => c.name);
    for (const c of columns) expect(c).not.toMatch(/travel|region|origin|itinerary|payload$|raw/);
    gate.close();
  });
});
