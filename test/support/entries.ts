// A register entry as the tests write it: one place, so the tests that use it run once, in their own files.
import type { NewEntry } from '../../electron/db/entries';

/** A plausible entry (a visitor at an eldercare home, proof missing) to insert in migration and connection tests. */
export const sampleEntry: NewEntry = {
  atMs: Date.UTC(2022, 11, 8, 1, 0, 0),
  localDay: '2022-12-08',
  station: '1号岗',
  packId: 'cn-2022-12-07',
  packVersion: 1,
  venueKind: 'eldercare',
  category: 'visitor',
  outcome: 'need',
  citations: ['Q3'],
  evidenceSummary: { kinds: [], sources: [] },
  format: 'opaque',
  payloadFingerprint: 'ab'.repeat(32),
};
