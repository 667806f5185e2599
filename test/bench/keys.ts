// Keys per entrant for the commonest gate flows, counted by driving the real station in Chromium (serve:web) and
// checking each flow ends in "admit": only the operator's keys count, never the scanner's.
import type { Page } from 'playwright-core';
import { makeDccSigner, issueDcc, dccTestContent } from '../support/issue';
import { TimedKeys } from '../e2e/pages/keys';
import { withStation } from './station';

const s = (iso: string) => Date.parse(iso) / 1000;
const ID_NUMBER = '11010519491231002X';

/** The operator's keyboard: every key pressed is counted. */
class Operator {
  keys = 0;
  constructor(private readonly page: Page, private readonly timed: TimedKeys) {}
  /** A key at the scan prompt (through the wedge, with its own timestamp). */
  async station(key: string): Promise<void> {
    this.keys++;
    await this.timed.press(key);
  }
  /** A key in an open prompt or field. */
  async prompt(key: string): Promise<void> {
    this.keys++;
    await this.page.keyboard.press(key);
  }
  async waitOutcome(outcome: string): Promise<void> {
    try {
      await this.page.waitForSelector(`[role="status"][data-outcome="${outcome}"]`);
    } catch (err) {
      // What the screen showed instead, for whoever reads the failure.
      await this.page.screenshot({ path: 'test-results/bench-keys-failure.png' }).catch(() => undefined);
      throw err;
    }
  }
  async waitPrompt(): Promise<void> {
    await this.page.waitForSelector('[role="dialog"]');
  }
}

export async function benchKeys(): Promise<{ attest_green_nat: number; cert_then_green: number; typed_id_then_green: number }> {
  const signer = await makeDccSigner();
  const cert = await issueDcc(signer, dccTestContent({ familyName: 'Keys', givenName: 'Gate', sampledAt: '2026-11-20T00:00:00Z' }), { iat: s('2026-11-20T00:30:00Z'), exp: s('2026-12-20T00:00:00Z') });
  const profile = { pack: 'cn-2022-12-07', venueKind: 'eldercare', natWindowHours: 48 };
  return withStation({ profile, trustList: signer.trustList, viewport: { width: 1366, height: 768 } }, async (page) => {
    const timed = new TimedKeys(page);
    const flow = async (run: (op: Operator) => Promise<void>) => {
      const op = new Operator(page, timed);
      await run(op);
      await op.waitOutcome('admit');
      return op.keys;
    };
    // The phone shows a green code and "NAT negative, 48 h": G, 2.
    const attest_green_nat = await flow(async (op) => {
      await op.station('g');
      await op.waitPrompt();
      await op.prompt('2');
    });
    // A certificate proved the test; the phone shows a green code: (scan) G, Enter.
    const cert_then_green = await flow(async (op) => {
      await timed.type(cert, { msPerKey: 1 });
      await op.waitOutcome('need');
      await op.station('g');
      await op.waitPrompt();
      await op.prompt('Enter');
    });
    // An ID card's number typed by hand, then the phone: I, 18 characters, Enter, G, 2.
    const typed_id_then_green = await flow(async (op) => {
      await op.station('i');
      await op.waitPrompt();
      for (const ch of ID_NUMBER) await op.prompt(ch);
      await op.prompt('Enter');
      await op.waitOutcome('need');
      await op.station('g');
      await op.waitPrompt();
      await op.prompt('2');
    });
    return { attest_green_nat, cert_then_green, typed_id_then_green };
  });
}
