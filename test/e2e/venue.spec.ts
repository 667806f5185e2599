// A station of a venue with several gates, in the browser: the station under test (西门, the browser host) and another
// gate (东门, a data folder driven by the command line) share one register on a throwaway PostgreSQL cluster.
import { test, expect } from './fixtures';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPgCluster, type PgCluster } from '../support/pg-cluster';
import { cli } from '../support/cli';
import { sql, venue as venueCli } from '../support/venue';
import { createHash } from 'node:crypto';
import { idNumber } from '../support/roster-files';
import type { Page } from '@playwright/test';
import { SetupWizardPage } from './pages/SetupWizardPage';
import { TimedKeys } from './pages/keys';

let cluster: PgCluster;
let databases = 0;
test.beforeAll(() => {
  cluster = startPgCluster();
});
test.afterAll(() => cluster?.close());

async function venueDb(): Promise<string> {
  const name = `e2e_venue_${++databases}`;
  cluster.psql(`CREATE DATABASE ${name}`);
  const url = cluster.url(name);
  expect((await venueCli('init', '--db', url, '--venue', '实验小学')).code).toBe(0);
  return url;
}

/** Waits until the station has had a round with the venue (success or failure), then reloads what the screen shows. */
async function afterFirstRound(page: Page, field: 'lastSyncMs' | 'lastError'): Promise<void> {
  await expect.poll(async () => page.evaluate(async (f) => {
    const r = await (window as unknown as { gate: { station(i: object): Promise<{ ok: boolean; value?: { venue?: Record<string, unknown> } }> } }).gate.station({});
    return r.value?.venue?.[f] ?? null;
  }, field), { timeout: 30_000 }).not.toBeNull();
  await page.reload();
  await expect(page.locator('[data-outcome="idle"]')).toBeVisible();
}

test.describe('venue / several gates', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  const east = { dir: '', url: '' };
  test.use({
    // Playwright reads a fixture's dependencies from its destructuring pattern; this one has none.
    // eslint-disable-next-line no-empty-pattern
    hostOptions: async ({}, use) => {
      // 东门 checks a person first and sends it; the browser's station (西门) joins the same venue before it starts.
      east.url = await venueDb();
      east.dir = mkdtempSync(join(tmpdir(), 'gc-e2e-east-'));
      const profile = join(east.dir, 'p.json');
      writeFileSync(profile, JSON.stringify({ pack: 'cn-2022-12-07', venueKind: 'school' }));
      const data = join(east.dir, 'data');
      expect((await venueCli('join', '--data-dir', data, '--db', east.url, '--station', '东门')).code).toBe(0);
      expect((await cli('check', '--data-dir', data, '--profile', profile, '--category', 'visitor', '--station', '东门', idNumber(5))).code).toBe(0);
      expect((await venueCli('sync', '--data-dir', data)).code).toBe(0);
      await use({
        profile: { pack: 'cn-2022-12-07', venueKind: 'school' },
        venueName: '实验小学',
        stationName: '西门',
        prepare: async (dataDir) => {
          const r = await venueCli('join', '--data-dir', dataDir, '--db', east.url, '--station', '西门');
          expect(r.err).toBe('');
        },
      });
    },
  });

  test('in sync: the station says so, and a person checked at 东门 shows where and when at 西门', async ({ page, station }) => {
    await afterFirstRound(page, 'lastSyncMs');
    await expect(page.locator('[data-notice="venue-synced"]')).toContainText('场所登记库「实验小学」0 分钟前已同步');
    await station.scan(idNumber(5));
    const seen = page.locator('.outcome-seen');
    await expect(seen).toHaveAttribute('data-seen-station', '东门');
    await expect(seen).toContainText(/今日 \d\d:\d\d 已在 东门 核验/);
    await station.shot('venue-seen-elsewhere');
    // The entry went to the venue at once: 东门's next round pulls it back as 西门's.
    await expect.poll(async () => (JSON.parse((await venueCli('search', '--db', east.url, '--id', idNumber(5))).out) as { station: string }[]).map((e) => e.station).sort(), { timeout: 20_000 })
      .toEqual(['东门', '西门']);
  });

  test('a file the server publishes without the admin\'s signature is refused, and the station says so', async ({ page, station }) => {
    await afterFirstRound(page, 'lastSyncMs');
    // Whoever holds the server writes settings of its own (a 1-day retention, no checks) straight into the table.
    const body = Buffer.from(JSON.stringify({ retentionDays: 1, profile: { pack: 'cn-2022-12-07', venueKind: 'other' } }));
    await sql(east.url, `INSERT INTO gc.published (venue_id, kind, name, body, sha256) SELECT venue_id, 'settings', 'evil.json', $1, $2 FROM gc.venues`,
      [body, createHash('sha256').update(body).digest('hex')]);
    // The next entry brings a round at once.
    await station.scan('VISITOR-WEST-2');
    await expect.poll(async () => page.evaluate(async () => {
      const r = await (window as unknown as { gate: { station(i: object): Promise<{ value?: { venue?: { refusedFiles?: number } } }> } }).gate.station({});
      return r.value?.venue?.refusedFiles ?? 0;
    }), { timeout: 20_000 }).toBe(1);
    await page.reload();
    await expect(page.locator('[data-warning="venue-refused"]')).toContainText('未经管理员签名');
    await station.shot('venue-refused-file');
  });
});

test.describe('venue / the server out of reach', () => {
  test.use({ viewport: { width: 1366, height: 768 } });
  test.use({
    // Playwright reads a fixture's dependencies from its destructuring pattern; this one has none.
    // eslint-disable-next-line no-empty-pattern
    hostOptions: async ({}, use) => {
      const url = await venueDb();
      await use({
        profile: { pack: 'cn-2022-12-07', venueKind: 'school' },
        venueName: '实验小学',
        stationName: '西门',
        prepare: async (dataDir) => {
          expect((await venueCli('join', '--data-dir', dataDir, '--db', url, '--station', '西门')).code).toBe(0);
          // The venue's server moves out of reach: the station's URL now names a socket folder where nothing listens.
          const gone = mkdtempSync(join(tmpdir(), 'gc-e2e-gone-'));
          writeFileSync(join(dataDir, 'venue.json'), JSON.stringify({ url: `postgresql://x:y@/nothing?host=${encodeURIComponent(gone)}&port=5432` }));
        },
      });
    },
  });

  test('the station checks and records as usual and warns that it has not synced, with the count to send', async ({ page, station }) => {
    await station.scan('VISITOR-PASS-1');
    await station.expectOutcome('need');
    await afterFirstRound(page, 'lastError');
    const warning = page.locator('[data-warning="venue-stale"]');
    await expect(warning).toContainText('尚未与场所登记库同步');
    await expect(warning).toHaveAttribute('data-pending', '1');
    await station.shot('venue-not-synced');
  });
});

test.describe('venue / joining from Settings', () => {
  test.use({ viewport: { width: 1366, height: 768 } });
  const venue = { url: '' };
  test.use({
    // Playwright reads a fixture's dependencies from its destructuring pattern; this one has none.
    // eslint-disable-next-line no-empty-pattern
    hostOptions: async ({}, use) => {
      venue.url = await venueDb();
      await use({});
    },
  });

  test('the admin joins with the PIN; the admin URL is not kept; the next entry reaches the venue', async ({ page, host }) => {
    await page.goto(host.url);
    await new SetupWizardPage(page).complete({ venueName: '实验小学', stationName: '北门', venueKind: 'school', adminPin: '975310', operator: '赵敏', operatorPin: '8642' });
    await page.keyboard.press('F3');
    await page.getByLabel('管理员 PIN', { exact: true }).fill('975310');
    await page.getByLabel('管理员 PIN', { exact: true }).press('Enter');
    const section = page.locator('[data-venue]');
    await section.getByLabel('场所数据库管理员网址（postgresql://…）').fill(venue.url);
    await expect(section.getByLabel('本岗在场所中的名称')).toHaveValue('北门');
    await section.getByLabel('本岗在场所中的名称').fill('北门');
    // The join code from the admin (venue invite): the venue's keys, never through the server.
    const code = (await venueCli('invite', '--db', venue.url, '--station', '北门')).json.code as string;
    await section.getByLabel('加入码').fill(code);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/venue-join-form.png' });
    await section.getByRole('button', { name: '加入场所' }).click();
    await expect(page.locator('[data-venue-joined="实验小学"]')).toContainText('本岗已加入场所「实验小学」');
    await page.screenshot({ path: 'test-results/screens/venue-joined.png' });
    // The station keeps its own role's URL, never the admin's.
    const kept = readFileSync(join(host.dataDir, 'venue.json'), 'utf8');
    expect(kept).not.toContain('postgres:test-superuser');
    await page.keyboard.press('Escape');
    await new TimedKeys(page).type('VISITOR-NORTH-1');
    await expect(page.getByRole('status')).toHaveAttribute('data-outcome', 'need');
    await expect.poll(async () => (JSON.parse((await venueCli('search', '--db', venue.url)).out) as { station: string }[]).map((e) => e.station), { timeout: 20_000 })
      .toEqual(['北门']);
    // The register's venue view (admin PIN): every gate's entries, no names.
    await page.keyboard.press('F2');
    const venueForm = page.getByRole('form', { name: '全场所视图' });
    await venueForm.getByLabel('管理员 PIN').fill('975310');
    await venueForm.getByRole('button', { name: '全场所视图' }).click();
    await expect(page.locator('[data-venue-view]')).toContainText('场所「实验小学」各门岗共 1 条（不显示姓名）');
    await expect(page.locator('[data-venue-view] tr[data-venue-entry]')).toHaveCount(1);
    await expect(page.locator('[data-venue-view] tr[data-venue-entry] td').first()).toHaveText('北门');
    await page.screenshot({ path: 'test-results/screens/venue-register-view.png' });
  });
});
