// A real station for a benchmark: `serve:web` over a fresh data folder (a profile, a trust list, the training clock),
// and a Chromium page on it showing the idle scan screen. Stopped when the body is done.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium, type Page } from 'playwright-core';
import { ROOT } from '../support/paths';

export async function withStation<T>(o: { profile: object; trustList: object; viewport: { width: number; height: number }; chromiumArgs?: string[]; camera?: boolean; serial?: string }, body: (page: Page) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-bench-station-'));
  writeFileSync(join(dir, 'eu.json'), JSON.stringify(o.trustList));
  writeFileSync(join(dir, 'p.json'), JSON.stringify(o.profile));
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/host/serve-web.ts'), '--data-dir', join(dir, 'data'), '--profile', join(dir, 'p.json'), '--trust', join(dir, 'eu.json'), '--now', '2026-11-20T10:00:00+08:00', ...(o.serial ? ['--serial', o.serial] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', ...(o.chromiumArgs ?? [])] });
  try {
    const context = await browser.newContext({ viewport: o.viewport });
    if (o.camera) await context.grantPermissions(['camera']);
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('[data-outcome="idle"]');
    return await body(page);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
}
