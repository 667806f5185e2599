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
    // The valid rows are shown too, as they will be kept (ID masked), and the accepted category words are listed.
    await expect(page.locator('[data-valid-rows]')).toContainText('李小明');
    await expect(page.locator('[data-valid-rows]')).toContainText(`${idNumber(7).slice(0, 6)}********${idNumber(7).slice(14)}`);
    await expect(page.locator('[data-valid-rows]')).not.toContainText(idNumber(7));
    await expect(page.locator('[data-accepted-categories]')).toContainText('学生：学生 / 幼儿');
    await page.screenshot({ path: 'test-results/screens/roster-preview.png', fullPage: true });
    await page.getByRole('button', { name: '导入 1 行' }).click();
    // The result shows in the import section, where the admin is looking.
    await expect(page.locator('[data-import-result]')).toContainText('新增或更新 1 行');
    const results = csv([['身份证号', '采样时间', '检测结果'], [idNumber(7), new Date(Date.now() - 6 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16), '阴性']], 'utf8');
    await page.locator('[data-import="results"]').setInputFiles({ name: 'results.csv', mimeType: 'text/csv', buffer: results });
    await page.getByRole('button', { name: '导入 1 行' }).click();
    await expect(page.locator('[data-import-result]')).toContainText('新增或更新 1 行');
    await page.getByRole('button', { name: '查看名单' }).click();
    await expect(page.locator('[data-roster]')).toContainText('名单共 1 人，检测结果 1 条');
    await expect(page.locator('[data-roster] tr[data-person]')).toHaveCount(1);
    await page.keyboard.press('Escape');

    await new TimedKeys(page).type(idNumber(7));
    const status = page.getByRole('status');
    await expect(status).toHaveAttribute('data-outcome', 'need');
    await expect(status).toContainText('名单人员：李小明');
    await expect(status).toContainText('核酸阴性');
    await expect(status).toContainText('绿色健康码');
  });
});

test.describe('rosters / listed and removed', () => {
  test.use({ hostOptions: {} });

  test('the roster is listed behind the admin PIN; one person, then the whole roster, can be removed', async ({ page, host }) => {
    await page.goto(host.url);
    await new SetupWizardPage(page).complete({ venueName: '实验小学', stationName: '东门', venueKind: 'school', adminPin: '975310', operator: '赵敏', operatorPin: '8642' });
    await page.keyboard.press('F3');
    await page.getByLabel('管理员 PIN', { exact: true }).fill('975310');
    await page.getByLabel('管理员 PIN', { exact: true }).press('Enter');
    const roster = csv([['姓名', '身份证号', '类别'], ['李小明', idNumber(1), '学生'], ['王小红', idNumber(2), '老师'], ['张伟', idNumber(3), '学生']], 'utf8');
    await page.locator('[data-import="roster"]').setInputFiles({ name: 'r.csv', mimeType: 'text/csv', buffer: roster });
    await page.getByRole('button', { name: '导入 3 行' }).click();
    await expect(page.locator('[data-import-result]')).toContainText('新增或更新 3 行');
    await page.getByRole('button', { name: '查看名单' }).click();
    const list = page.locator('[data-roster]');
    await expect(list.locator('tr[data-person]')).toHaveCount(3);
    await page.screenshot({ path: 'test-results/screens/roster-list.png', fullPage: true });
    await list.locator('tr[data-person]', { hasText: '王小红' }).getByRole('button', { name: '删除' }).click();
    await expect(list.locator('tr[data-person]')).toHaveCount(2);
    await expect(page.locator('[data-import-result]')).toContainText('已删除 1 人');
    await page.getByRole('button', { name: '清空名单' }).click();
    await page.getByRole('button', { name: '确认清空全部 2 人及其检测结果' }).click();
    await expect(list).toContainText('名单共 0 人');
    await expect(list.locator('tr[data-person]')).toHaveCount(0);
  });
});
