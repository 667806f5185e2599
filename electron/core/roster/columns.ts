// Roster and lab-result tables as Chinese Excel and WPS users write them: columns found by header names in
// Chinese or English, values normalised, and every row either accepted or given an error naming its column.
import { cutText } from '../text';
import { parseId } from '../credentials/cn-id';
import type { Category, TestMethod, TestResult } from '../rules/types';

export type TableKind = 'roster' | 'results';

const HEADERS: Record<string, readonly string[]> = {
  name: ['姓名', '名字', 'name', 'full name'],
  id: ['身份证号', '身份证号码', '身份证', '证件号码', '证件号', 'id', 'id number', 'idnumber', 'id no'],
  category: ['类别', '人员类别', '身份', 'category', 'type'],
  badge: ['工牌', '工牌号', '卡号', '胸卡', 'badge', 'badge code', 'badge no'],
  phone: ['电话', '手机', '手机号', '联系电话', 'phone', 'mobile'],
  sampledAt: ['采样时间', '采样日期', 'sampling time', 'sampled at', 'sampledat', 'sample time'],
  method: ['检测方法', '方法', '检测类型', 'method', 'test type'],
  result: ['检测结果', '结果', 'result'],
  ct: ['ct', 'ct值', 'ct value'],
  lab: ['检测机构', '实验室', '检测单位', 'lab', 'laboratory'],
};
const REQUIRED: Record<TableKind, string[]> = { roster: ['name', 'category'], results: ['sampledAt', 'result'] };
const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/[\s_：:]+/g, ' ').trim();

/** Column index per field, or the fields that are missing. */
export function mapColumns(header: readonly string[], kind: TableKind): { ok: true; columns: Record<string, number> } | { ok: false; missing: string[] } {
  const columns: Record<string, number> = {};
  header.forEach((h, i) => {
    const n = norm(h);
    for (const [field, names] of Object.entries(HEADERS)) if (columns[field] === undefined && names.some((x) => norm(x) === n)) columns[field] = i;
  });
  const missing = REQUIRED[kind].filter((f) => columns[f] === undefined);
  if (kind === 'results' && columns.id === undefined && columns.name === undefined) missing.push('id|name');
  return missing.length ? { ok: false, missing } : { ok: true, columns };
}

/** The words a roster's 类别 / category column may hold, per category (case ignored): what the import preview lists. */
export const ROSTER_CATEGORY_NAMES: readonly (readonly [Category, readonly string[]])[] = [
  ['student', ['学生', '幼儿', 'student', 'pupil', 'child']],
  ['staff', ['教职工', '教师', '老师', '员工', '职工', '工作人员', '医护', '医护人员', 'staff', 'teacher', 'employee']],
  ['worker', ['外来作业人员', '工人', '外包', '保洁', '保安', 'whitelist', 'white-list', 'worker', 'contractor']],
  ['resident', ['住养人员', '老人', '院民', '住院', 'resident']],
  ['visitor', ['访客', '家属', '来访', 'visitor', 'family']],
  ['escort', ['陪护', '接送', 'escort', 'guardian']],
];
export function parseCategory(s: string): Category | undefined {
  const v = s.trim().toLowerCase();
  return ROSTER_CATEGORY_NAMES.find(([, names]) => names.includes(v))?.[0];
}

export function parseResult(s: string): 'negative' | 'positive' | undefined {
  const v = norm(s);
  if (/^(阴性|阴|negative|neg|-|not detected|未检出)$/.test(v)) return 'negative';
  if (/^(阳性|阳|positive|pos|\+|detected|检出)$/.test(v)) return 'positive';
  return undefined;
}

export function parseMethod(s: string | undefined): 'nat' | 'antigen' | undefined {
  const v = norm(s ?? '');
  if (v === '' || /^(核酸|核酸检测|nat|naat|pcr|rt-pcr)$/.test(v)) return 'nat';
  if (/^(抗原|抗原检测|antigen|rat|ag)$/.test(v)) return 'antigen';
  return undefined;
}

/**
 * A sampling time as labs write it: "2022-12-08 09:30", "2022/12/8 9:30:00", ISO with an offset, or an Excel date
 * (exceljs gives those as UTC-labelled wall-clock times). Times without a zone are the venue's local time
 * (China: UTC+8, no daylight saving). Returns epoch ms or undefined.
 */
export function parseSamplingTime(value: string | Date, utcOffsetMinutes = 480): number | undefined {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() - utcOffsetMinutes * 60_000 : undefined;
  const v = value.trim();
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(v) && /^\d{4}-\d{2}-\d{2}T/.test(v)) {
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : undefined;
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]*(\d{1,2})[:：时](\d{1,2})分?(?:[:：]?(\d{1,2})秒?)?)?$/.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1) as string[];
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const back = new Date(utc);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return utc - utcOffsetMinutes * 60_000;
}

/** Masks a mobile number for storage and display: 138****5678. */
export function maskPhone(s: string): string | undefined {
  const digits = s.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : undefined;
}

/** A roster person as the admin lists them (only what the roster keeps: masked ID and phone). */
export interface RosterListing {
  id: number;
  name: string;
  category: Category;
  idMasked?: string;
  badge?: string;
  phoneMasked?: string;
  updatedMs: number;
}

export interface RowError {
  row: number;
  /** The column (Chinese header) and the message, Chinese with the English after it (reports and the CLI). */
  column: string;
  message: string;
  /** The same in English alone, for a screen set to English. */
  en?: { column: string; message: string };
}

/** The English of each column a row error names. */
const COLUMN_EN: Record<string, string> = { 身份证号: 'ID number', 姓名: 'Name', 类别: 'Category', 采样时间: 'Sampling time', 检测结果: 'Result', 检测方法: 'Method', Ct: 'Ct' };

export interface ParsedPerson {
  row: number;
  idNumber?: string;
  name: string;
  category: Category;
  badge?: string;
  phoneMasked?: string;
}

/** A lab result as every layer knows it (the import, the roster table, the gate): the one lab-result type. */
export interface LabResultFields {
  /** Sampling time, epoch milliseconds. */
  sampledMs: number;
  method: TestMethod;
  result: TestResult;
  ct?: number | undefined;
  lab?: string | undefined;
}

/** A results row as read from the file, before the ID number is hashed. */
export interface ParsedResult extends LabResultFields {
  row: number;
  idNumber?: string | undefined;
  name?: string | undefined;
}

type Cell = string | Date;
const text = (c: Cell | undefined) => (c instanceof Date ? c.toISOString() : (c ?? '')).toString().trim();

/** The most of a cell a row error quotes (characters): a report lists up to a thousand errors, and a cell may be long. */
export const QUOTED_CELL_CHARS = 40;
/** A cell's text as a row error quotes it: cut with an ellipsis past QUOTED_CELL_CHARS. */
const quoted = (t: string) => cutText(t, QUOTED_CELL_CHARS);

/** Validates each data row (row numbers count the header as row 1, as spreadsheets show them; `firstRow` numbers
 *  `rows[0]`: 2 for the row after the header, more for a later batch of a streamed file). */
export function parseRows(kind: 'roster', rows: readonly (readonly Cell[])[], columns: Record<string, number>, firstRow?: number): { items: ParsedPerson[]; errors: RowError[] };
export function parseRows(kind: 'results', rows: readonly (readonly Cell[])[], columns: Record<string, number>, firstRow?: number): { items: ParsedResult[]; errors: RowError[] };
export function parseRows(kind: TableKind, rows: readonly (readonly Cell[])[], columns: Record<string, number>, firstRow?: number): { items: (ParsedPerson | ParsedResult)[]; errors: RowError[] };
export function parseRows(kind: TableKind, rows: readonly (readonly Cell[])[], columns: Record<string, number>, firstRow = 2): { items: (ParsedPerson | ParsedResult)[]; errors: RowError[] } {
  const items: (ParsedPerson | ParsedResult)[] = [];
  const errors: RowError[] = [];
  rows.forEach((cells, i) => {
    const row = firstRow + i;
    const get = (f: string) => (columns[f] === undefined ? undefined : cells[columns[f]!]);
    if (cells.every((c) => text(c) === '')) return; // blank lines are not rows
    const rowErrors: RowError[] = [];
    const fail = (column: string, zh: string, en: string) => rowErrors.push({ row, column, message: `${zh} (${en})`, en: { column: COLUMN_EN[column] ?? column, message: en } });
    let idNumber: string | undefined;
    const idText = text(get('id'));
    if (idText) {
      const id = parseId(idText.replace(/\s/g, ''));
      if (id.ok) idNumber = id.id;
      else if (id.reason === 'CHECK_DIGIT') fail('身份证号', '身份证号校验位错误', 'wrong check digit');
      else if (id.reason === 'BIRTH_DATE') fail('身份证号', '身份证号出生日期不存在', 'impossible birth date');
      else fail('身份证号', '不是 18 位身份证号', 'not an 18-character ID number');
    }
    const name = text(get('name'));
    if (kind === 'roster') {
      if (!name) fail('姓名', '姓名为空', 'name is empty');
      const category = parseCategory(text(get('category')));
      if (!category) fail('类别', `无法识别的类别 "${quoted(text(get('category')))}"`, `unknown category "${quoted(text(get('category')))}"`);
      if (!idNumber && !text(get('badge')) && !idText) fail('身份证号', '身份证号和工牌号至少填一项', 'an ID number or a badge code is needed');
      if (rowErrors.length === 0) {
        const phone = maskPhone(text(get('phone')));
        items.push({ row, name, category: category!, ...(idNumber ? { idNumber } : {}), ...(text(get('badge')) ? { badge: text(get('badge')) } : {}), ...(phone ? { phoneMasked: phone } : {}) });
      }
    } else {
      if (!idNumber && !name && !idText) fail('身份证号', '身份证号和姓名至少填一项', 'an ID number or a name is needed');
      const raw = get('sampledAt');
      const sampledMs = raw instanceof Date ? parseSamplingTime(raw) : parseSamplingTime(text(raw));
      if (sampledMs === undefined) fail('采样时间', `无法识别的采样时间 "${quoted(text(raw))}"`, `unreadable sampling time "${quoted(text(raw))}"`);
      const result = parseResult(text(get('result')));
      if (!result) fail('检测结果', `无法识别的结果 "${quoted(text(get('result')))}"`, `unknown result "${quoted(text(get('result')))}"`);
      const method = parseMethod(text(get('method')));
      if (!method) fail('检测方法', `无法识别的检测方法 "${quoted(text(get('method')))}"`, `unknown method "${quoted(text(get('method')))}"`);
      const ctText = text(get('ct'));
      const ct = ctText === '' ? undefined : Number(ctText);
      if (ct !== undefined && (!Number.isFinite(ct) || ct < 0 || ct > 60)) fail('Ct', `Ct 值 "${quoted(ctText)}" 不在 0–60`, `Ct "${quoted(ctText)}" is not within 0–60`);
      if (rowErrors.length === 0) {
        items.push({ row, sampledMs: sampledMs!, method: method!, result: result!, ...(idNumber ? { idNumber } : {}), ...(name ? { name } : {}), ...(ct !== undefined ? { ct } : {}), ...(text(get('lab')) ? { lab: text(get('lab')) } : {}) });
      }
    }
    errors.push(...rowErrors);
  });
  return { items, errors };
}
