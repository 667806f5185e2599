import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the shared test vectors beside the checkout (read only, used by path). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = process.env.GATE_SHARED_DIR ?? join(ROOT, '..', 'shared');
export const TESTDATA = join(SHARED, 'testdata');
