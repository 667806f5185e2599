// The admin's signed statements, the admin key file and the one-time join codes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminKeyDigest, decodeJoinCode, encodeJoinCode, newInviteId, signStatement, verifyStatement } from '../../../electron/main/services/venue/signed';
import { defaultAdminKeyPath, newAdminKeys, readAdminKeyFile, writeAdminKeyFile } from '../../../electron/main/services/venue/admin-key';
import { sized, timeoutFor } from '../../support/property';

const keys = newAdminKeys('实验小学');
const statement = { venue: '实验小学', kind: 'settings' as const, name: 's.json', sha256: 'a'.repeat(64), issuedMs: 1_796_000_000_000 };

describe('signed statements', () => {
  it('verify under the admin key, and under no other', () => {
    const jws = signStatement(keys.signingKey, statement);
    expect(verifyStatement(jws, keys.publicKey)).toEqual(statement);
    expect(() => verifyStatement(jws, newAdminKeys('x').publicKey)).toThrow(/does not verify/);
    expect(() => verifyStatement(null, keys.publicKey)).toThrow(/unsigned/);
  });

  it('a changed byte anywhere in the statement is refused', () => {
    const jws = signStatement(keys.signingKey, statement);
    fc.assert(fc.property(fc.integer({ min: 0, max: jws.length - 1 }), (i) => {
      const ch = jws[i] === 'A' ? 'B' : 'A';
      const changed = jws.slice(0, i) + ch + jws.slice(i + 1);
      expect(() => verifyStatement(changed, keys.publicKey)).toThrow();
    }), sized(200));
  }, timeoutFor(200));

  it('a key of another curve, or a private key, is never taken as the admin key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    expect(() => verifyStatement(signStatement(keys.signingKey, statement), JSON.stringify(rsa))).toThrow(/VENUE_ADMIN_KEY|not a venue admin public key/);
    const priv = keys.signingKey.export({ format: 'jwk' });
    expect(() => verifyStatement(signStatement(keys.signingKey, statement), JSON.stringify(priv))).toThrow();
  });
});

describe('the admin key file', () => {
  it('round-trips under its passphrase; a wrong one or a damaged file is VENUE_PASSPHRASE; nothing secret in clear', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gc-admin-key-')), 'gatecheck', 'venue-admin.key');
    writeAdminKeyFile(path, keys, 'a long passphrase');
    const back = readAdminKeyFile(path, 'a long passphrase');
    expect(back.publicKey).toBe(keys.publicKey);
    expect(back.fingerprintKey.equals(keys.fingerprintKey)).toBe(true);
    expect(() => readAdminKeyFile(path, 'a long passphrasE')).toThrow(/VENUE_PASSPHRASE|wrong passphrase/);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(keys.fingerprintKey.toString('hex'));
    expect(text).not.toContain(keys.fingerprintKey.toString('base64'));
    const file = JSON.parse(text) as Record<string, string>;
    writeFileSync(path, JSON.stringify({ ...file, sealed: Buffer.from('x'.repeat(40)).toString('base64') }));
    expect(() => readAdminKeyFile(path, 'a long passphrase')).toThrow(/wrong passphrase, or the file is damaged/);
    expect(() => writeAdminKeyFile(path, keys, 'short')).toThrow(/at least 8/);
  });

  it('lives in the user\'s config folder unless told', () => {
    expect(defaultAdminKeyPath({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/a' })).toBe('/x/cfg/gatecheck/venue-admin.key');
    expect(defaultAdminKeyPath({ HOME: '/home/a' })).toBe('/home/a/.config/gatecheck/venue-admin.key');
    expect(defaultAdminKeyPath({ XDG_CONFIG_HOME: 'relative', HOME: '/home/a' })).toBe('/home/a/.config/gatecheck/venue-admin.key');
  });
});

describe('join codes', () => {
  const code = { inviteId: newInviteId(), expiresMs: 1_796_000_000_000, fingerprintKey: keys.fingerprintKey, adminKeyDigest: adminKeyDigest(keys.publicKey) };

  it('round-trip as printed, typed in lower case or with spaces', () => {
    const text = encodeJoinCode(code);
    expect(text).toMatch(/^GC1-[A-Z2-7]{5}(-[A-Z2-7]{1,5})+$/);
    for (const typed of [text, text.toLowerCase(), text.replace(/-/g, ' ')]) {
      const back = decodeJoinCode(typed);
      expect(back.inviteId).toBe(code.inviteId);
      expect(back.expiresMs).toBe(code.expiresMs);
      expect(back.fingerprintKey.equals(code.fingerprintKey)).toBe(true);
      expect(back.adminKeyDigest.equals(code.adminKeyDigest)).toBe(true);
    }
  });

  it('any one character mistyped, or one dropped, is caught by its check digits', () => {
    const text = encodeJoinCode(code).replace(/-/g, '').slice(3);
    fc.assert(fc.property(fc.integer({ min: 0, max: text.length - 1 }), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), fc.boolean(), (i, ch, drop) => {
      if (!drop && text[i] === ch) return;
      const typed = `GC1${text.slice(0, i)}${drop ? '' : ch}${text.slice(i + 1)}`;
      expect(() => decodeJoinCode(typed)).toThrow(/VENUE_INVITE|join code/);
    }), sized(300));
  }, timeoutFor(300));

  it.each(['', 'GC1-', 'hello world', 'GC1-0000', '1'.repeat(200)])('refuses %j', (typed) => {
    expect(() => decodeJoinCode(typed)).toThrow(/join code/);
  });
});
