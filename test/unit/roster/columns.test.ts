import { describe, it, expect } from 'vitest';
import { mapColumns, parseRows, parseSamplingTime, parseResult, parseCategory, parseMethod, maskPhone, QUOTED_CELL_CHARS } from '../../../electron/core/roster/columns';

describe('roster/mapColumns', () => {
  it.each([
    ['Chinese headers', ['姓名', '身份证号', '类别', '工牌号', '手机号'], { name: 0, id: 1, category: 2, badge: 3, phone: 4 }],
    ['English headers, any case and spacing', [' Name ', 'ID Number', 'CATEGORY', 'Badge Code'], { name: 0, id: 1, category: 2, badge: 3 }],
  ])('roster: %s', (_n, header, columns) => expect(mapColumns(header, 'roster')).toEqual({ ok: true, columns }));

  it('names what a results file lacks', () => {
    expect(mapColumns(['备注'], 'results')).toEqual({ ok: false, missing: ['sampledAt', 'result', 'id|name'] });
  });
});

describe('roster/parseSamplingTime (China, UTC+8)', () => {
  it.each([
    ['2022-12-08 09:30', Date.parse('2022-12-08T09:30:00+08:00')],
    ['2022/12/8 9:30:15', Date.parse('2022-12-08T09:30:15+08:00')],
    ['2022年12月8日 09时30分', Date.parse('2022-12-08T09:30:00+08:00')],
    ['2022年12月8日09时30分15秒', Date.parse('2022-12-08T09:30:15+08:00')],
    ['2022-12-08', Date.parse('2022-12-08T00:00:00+08:00')],
    ['2022-12-08T01:30:00Z', Date.parse('2022-12-08T01:30:00Z')],
    ['2022-02-30 10:00', undefined],
    ['2022-12-08 25:00', undefined],
    ['yesterday', undefined],
  ])('%s', (text, expected) => expect(parseSamplingTime(text)).toBe(expected));

  it('reads an Excel date cell (wall-clock time labelled UTC) as the venue\'s local time', () => {
    expect(parseSamplingTime(new Date(Date.UTC(2022, 11, 8, 9, 30)))).toBe(Date.parse('2022-12-08T09:30:00+08:00'));
  });
});

describe('roster/values', () => {
  it.each([['阴性', 'negative'], ['Negative', 'negative'], ['阳性', 'positive'], ['+', 'positive'], ['未检出', 'negative'], ['待定', undefined]])('result %s', (v, r) => expect(parseResult(v)).toBe(r));
  it.each([['学生', 'student'], ['教职工', 'staff'], ['家属', 'visitor'], ['住养人员', 'resident'], ['外来作业人员', 'worker'], ['路人', undefined]])('category %s', (v, c) => expect(parseCategory(v)).toBe(c));
  it.each([['', 'nat'], ['核酸', 'nat'], ['PCR', 'nat'], ['抗原', 'antigen'], ['血清', undefined]])('method %s', (v, m) => expect(parseMethod(v)).toBe(m));
  it('masks phones', () => expect(maskPhone('138 1234 5678')).toBe('138****5678'));
});

describe('roster/parseRows', () => {
  it('lists every bad row with its column before anything is written', () => {
    const header = ['身份证号', '采样时间', '检测结果', 'Ct'];
    const rows = [
      ['11010519491231002X', '2022-12-08 09:30', '阴性', ''],
      ['110105194912310021', '2022-12-08 09:30', '阴性', ''],
      ['11010519491231002X', 'sometime', '阴性', ''],
      ['11010519491231002X', '2022-12-08 09:30', '待定', ''],
      ['11010519491231002X', '2022-12-08 09:30', '阳性', '99'],
      ['', '', '', ''],
    ];
    const mapped = mapColumns(header, 'results');
    if (!mapped.ok) throw new Error('columns');
    const { items, errors } = parseRows('results', rows, mapped.columns);
    expect(items).toHaveLength(1);
    expect(errors.map((e) => [e.row, e.column])).toEqual([[3, '身份证号'], [4, '采样时间'], [5, '检测结果'], [6, 'Ct']]);
    expect(errors[0]!.message).toMatch(/校验位/);
  });

  it('quotes at most QUOTED_CELL_CHARS of a cell in a row error (a report lists a thousand; a cell may run to pages)', () => {
    const mapped = mapColumns(['姓名', '工牌', '类别'], 'roster');
    if (!mapped.ok) throw new Error('columns');
    const long = '𠀀'.repeat(10_000);
    const { errors } = parseRows('roster', [['王芳', 'T1', long], ['李雷', 'T2', '外星人']], mapped.columns);
    expect(errors[0]!.message).toBe(`无法识别的类别 "${'𠀀'.repeat(QUOTED_CELL_CHARS)}…" (unknown category "${'𠀀'.repeat(QUOTED_CELL_CHARS)}…")`);
    expect(errors[1]!.en!.message).toBe('unknown category "外星人"');
  });
});
