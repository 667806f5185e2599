// Who is inside (issue 31) in real Chromium: X then a scan records an exit; F4 lists who is inside; Enter on a row
// lets a phone-only entrant leave; P prints the evacuation list and writes its CSV. Screenshots at 1366×768.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { ScanStationPage } from './pages/ScanStationPage';
import { SetupWizardPage } from './pages/SetupWizardPage';

const MEDICAL = { pack: 'cn-2022-12-07', venueKind: 'medical' };
const NOW = '2026-11-20T10:00:00+08:00';

test.describe('inside / exits and the list', () => {
  test.use({ hostOptions: { profile: MEDICAL, now: NOW, stationName: '东门' } });

  test('X then the same code records the exit; F4 lists who is left; Enter lets one leave; P writes the evacuation list', async ({ station, page, host }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    // Three patients: routed to sampling on site (no proof), inside all the same.
    for (const code of ['PATIENT-CODE-AAAA-1', 'PATIENT-CODE-BBBB-2', 'PATIENT-CODE-CCCC-3']) {
      await station.scan(code);
      await station.expectOutcome('route');
    }
    // X: the next scan is a person leaving. The first patient scans the same code again.
    await station.keys.press('x');
    await expect(page.locator('[data-exit-mode="next"]')).toBeVisible();
    // The idle panel asks for the person leaving, not for the next entrant.
    await expect(page.locator('[data-outcome="idle"]')).toHaveAttribute('data-prompt', 'exitScanPrompt');
    await expect(page.locator('[data-outcome="idle"]')).toContainText('请扫离场人员的码');
    await station.shot('exit-mode');
    await station.scan('PATIENT-CODE-AAAA-1');
    await expect(page.locator('[data-outcome="exit"]')).toHaveAttribute('data-exit', 'matched');
    await expect(page.locator('[data-outcome="exit"]')).toContainText('东门');
    await expect(page.locator('[data-exit-mode]')).toHaveCount(0);
    await station.shot('exit-matched');
    // A code nobody came in with: recorded, and said so; never refused.
    await station.keys.press('x');
    await station.scan('NEVER-CAME-IN-9');
    await expect(page.locator('[data-outcome="exit"]')).toHaveAttribute('data-exit', 'unmatched');
    await station.shot('exit-unmatched');
    // Esc; the next scan is an entrant again (exit mode lasted one scan).
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-outcome="exit"]')).toHaveCount(0);
    await expect(page.locator('[data-outcome="idle"]')).toHaveAttribute('data-prompt', 'scanPrompt');
    await station.scan('PATIENT-CODE-DDDD-4');
    await station.expectOutcome('route');

    await page.keyboard.press('F4');
    await expect(page.locator('[data-screen="inside"]')).toBeVisible();
    await expect(page.locator('[data-inside-count]')).toHaveAttribute('data-inside-count', '3');
    await expect(page.locator('[data-inside-row]')).toHaveCount(3);
    await expect(page.locator('[data-warning="unmatched-exits"]')).toContainText('1');
    await station.shot('inside-list');
    // A scanner burst here is not an entrant's: ignored, nothing recorded, the search field stays empty.
    await station.scan('PATIENT-CODE-EEEE-5');
    await expect(page.locator('[data-field="inside-search"]')).toHaveValue('');
    // ↓ then Enter: the second on the list leaves now (a phone-only entrant has nothing to scan).
    const second = await page.locator('[data-inside-row]').nth(1).getAttribute('data-inside-row');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-inside-row]')).toHaveCount(2);
    await expect(page.locator(`[data-inside-row="${second}"]`)).toHaveCount(0);
    // S: an operator signs out someone who left unseen (logged).
    await page.keyboard.press('s');
    await expect(page.locator('[data-inside-row]')).toHaveCount(1);
    const left = await page.locator('[data-inside-row]').first().getAttribute('data-inside-row');

    // P: the evacuation list, printed from the page and written as a CSV: a header row, one row per person.
    await page.keyboard.press('p');
    await expect(page.locator('[data-notice="inside"]')).toContainText('疏散名单已导出');
    await expect(page.locator('[data-print="evacuation"] tbody tr')).toHaveCount(1);
    await station.shot('inside-evacuation');
    const dir = join(host.dataDir, 'exports');
    const file = readdirSync(dir).find((f) => f.startsWith('evacuation-'))!;
    const lines = readFileSync(join(dir, file), 'utf8').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('"入口"');
    expect(lines[1]).toContain('"东门"');
    expect(left).toMatch(/^东门#\d+$/);

    // Back at the station, the list is the register's: a fresh F4 shows the same one person.
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-screen="station"]')).toBeVisible();
    await page.keyboard.press('F4');
    await expect(page.locator('[data-inside-row]')).toHaveCount(1);
  });
});

test.describe('inside / a locked station at a fire alarm', () => {
  test.use({ hostOptions: { now: NOW } });

  test('locked, F4 still lists who is inside and P prints the evacuation list without a PIN; no exit from the list; Esc back to sign-in', async ({ page, host }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(host.url);
    await new SetupWizardPage(page).complete({ venueName: '人民医院', stationName: '东门', venueKind: 'medical', adminPin: '975310', operator: '赵敏', operatorPin: '8642' });
    const station = new ScanStationPage(page);
    for (const code of ['PATIENT-CODE-AAAA-1', 'PATIENT-CODE-BBBB-2']) {
      await station.scan(code);
      await station.expectOutcome('route');
    }
    // L locks the station: the sign-in screen says what works without a PIN.
    await station.keys.press('l');
    await expect(page.locator('[data-screen="sign-in"]')).toBeVisible();
    await expect(page.locator('[data-locked-keys]')).toContainText('F4');
    await station.shot('sign-in-locked-keys');

    await page.keyboard.press('F4');
    await expect(page.locator('[data-screen="inside"]')).toBeVisible();
    await expect(page.locator('[data-inside-locked]')).toBeVisible();
    await expect(page.locator('[data-inside-row]')).toHaveCount(2);
    // Enter (leaves now) needs an operator: said, and nobody leaves.
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-notice="inside"]')).toContainText('登录后才能办理离场');
    await expect(page.locator('[data-inside-row]')).toHaveCount(2);
    // A scanner burst here is ignored, as on the open list.
    await station.scan('PATIENT-CODE-CCCC-3');
    await expect(page.locator('[data-inside-row]')).toHaveCount(2);

    // P: the evacuation list, printed and written as a CSV, saying the names are masked.
    await page.keyboard.press('p');
    await expect(page.locator('[data-notice="inside"]')).toContainText('疏散名单已导出');
    await expect(page.locator('[data-print="evacuation"] tbody tr')).toHaveCount(2);
    await expect(page.locator('[data-print="evacuation"]')).toContainText('姓名已脱敏');
    await station.shot('inside-locked');
    const dir = join(host.dataDir, 'exports');
    const file = readdirSync(dir).find((f) => f.startsWith('evacuation-'))!;
    expect(readFileSync(join(dir, file), 'utf8').split('\r\n').filter(Boolean)).toHaveLength(3);

    // Esc: back to the sign-in screen, still locked; nothing was recorded while locked.
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-screen="sign-in"]')).toBeVisible();
    await page.getByLabel('PIN', { exact: true }).fill('8642');
    await page.getByLabel('PIN', { exact: true }).press('Enter');
    await expect(page.locator('[data-screen="station"]')).toBeVisible();
    await page.keyboard.press('F4');
    await expect(page.locator('[data-inside-locked]')).toHaveCount(0);
    await expect(page.locator('[data-inside-row]')).toHaveCount(2);
  });
});
