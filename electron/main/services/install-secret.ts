// The per-install key of the ID hash (HMAC-SHA256). It is kept beside, not inside, the database file, so a copied
// register alone cannot be matched against a list of ID numbers.
import { randomBytes, createHmac } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE_NAME = 'id-hash.key';

export function loadInstallSecret(dataDir: string): Buffer {
  const path = join(dataDir, SECRET_FILE_NAME);
  if (!existsSync(path)) {
    try {
      writeFileSync(path, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${SECRET_FILE_NAME} is damaged`);
  return Buffer.from(hex, 'hex');
}

export function idHasher(secret: Buffer): (id: string) => string {
  return (id) => createHmac('sha256', secret).update(id.toUpperCase()).digest('hex');
}
