import { describe, it, expect } from 'vitest';
import { classifyCode } from '../../../electron/core/scan/parse-code';

describe('scan/classifyCode', () => {
  it.each([
    { name: 'an EU DCC', raw: 'HC1:6BFOXN%TS3DH', format: 'eu-dcc', text: 'HC1:6BFOXN%TS3DH' },
    { name: 'an EU DCC from a scanner sending lower case prefix', raw: 'hc1:6BFOXN', format: 'eu-dcc', text: 'HC1:6BFOXN' },
    { name: 'a SMART Health Card', raw: 'shc:/5676290952432060', format: 'shc', text: 'shc:/5676290952432060' },
    { name: 'a chunked SMART Health Card', raw: 'shc:/1/2/5676', format: 'shc', text: 'shc:/1/2/5676' },
    { name: 'a resident ID number', raw: '11010519491231002x', format: 'cn-id', text: '11010519491231002X' },
    { name: 'an ID number with a wrong check digit is still an ID number (checked later)', raw: '110105194912310021', format: 'cn-id' },
    { name: 'a roster badge', raw: 'GC1:B-000123', format: 'roster', text: 'GC1:B-000123' },
    { name: 'trailing CR/LF and a BOM are removed', raw: '\uFEFFHC1:ABC\r\n', format: 'eu-dcc', text: 'HC1:ABC' },
    { name: 'a health-code URL is opaque', raw: 'https://jkm.example.cn/qr?c=abc', format: 'opaque' },
    { name: 'garbage is opaque', raw: '\u0001\u0002garbage', format: 'opaque' },
  ])('$name', ({ raw, format, text }) => {
    const r = classifyCode(raw);
    expect(r.format).toBe(format);
    if (text) expect(r.text).toBe(text);
  });
});
