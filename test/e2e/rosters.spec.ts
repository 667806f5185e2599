// Rosters in the browser: the settings import screen previews row errors, imports, and the gate then finds the
// person by ID number with the roster's category and lab result.
import { test, expect } from './fixtures';
import { csv, idNumber } from '../support/roster-files';
import { SetupWizardPage } from './pages/SetupWizardPage';
import { TimedKeys } from './pages/keys';

test.describe('rosters / import screen and the gate', () => {
  test.use({ hostOptions: {} });

  test('a GB18030 roster and a results CSV are previewed, imported, and used at the gate', async ({ page, host }) => {
    await page.goto(host.url);
    await new SetupWizardPage(page).complete({ venueName: '实验小学', stationName: '东门', venueKind: 'school', adminPin: '975310', operator: '赵敏', operatorPin: '8642' });

    await page.keyboard.press('F3');
    await page.getByLabel('管理员 PIN', { exact: true }).fill('975310');
    await page.getByLabel('管理员 PIN', { exact: true }).press('Enter');
    const roster = csv([['姓名', '身份证号', '类别'], ['李小明', idNumber(7), '学生'], ['错号', '110105194912310021', '学生']], 'gb18030');
    await page.locator('[data-import="roster"]').setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: roster });
    await expect(page.locator('[data-preview="roster"]')).toContainText('1 行可导入，1 处错误');
    await expect(page.locator('[data-preview="roster"]')).toContainText('第 3 行');
    await page.getByRole('button', { name: '导入 1 行' }).click();
    await expect(page.locator('[data-notice="settings"]')).toContainText('新增或更新 1 行');
    const results = csv([['身份证号', '采样时间', '检测结果'], [idNumber(7), new Date(Date.now() - 6 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16), '阴性']], 'utf8');
    await page.locator('[data-import="results"]').setInputFiles({ name: 'results.csv', mimeType: 'text/csv', buffer: results });
    await page.getByRole('button', { name: '导入 1 行' }).click();
    await page.keyboard.press('Escape');

    await new TimedKeys(page).type(idNumber(7));
    const status = page.getByRole('status');
    await expect(status).toHaveAttribute('data-outcome', 'need');
    await expect(status).toContainText('名单人员：李小明');
    await expect(status).toContainText('核酸阴性');
    await expect(status).toContainText('绿色健康码');
  });
});
