import { describe, it, expect } from 'vitest';
import { classifyCode, isScanFragment, readTemperature } from '../../../electron/core/scan/parse-code';

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

describe('scan/readTemperature', () => {
  it.each([
    { text: '36.8', want: 36.8 },
    { text: '37,2', want: 37.2 },
    { text: '37', want: 37 },
    { text: ' 38.25 ', want: 38.25 },
    { text: '33.9', want: undefined },
    { text: '43.1', want: undefined },
    { text: '368', want: undefined },
    { text: '36.8C', want: undefined },
    { text: 'HC1:NCF', want: undefined },
  ])('"$text" reads as $want', ({ text, want }) => {
    expect(readTemperature(text)).toBe(want);
  });
});

describe('scan/isScanFragment', () => {
  it.each([
    { name: 'Base45 under a lost HC1:', text: 'NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH', want: true },
    { name: 'Base45 under a damaged prefix', text: 'C1:NCFOXN%TS3DH3ZSUZK+.V0ETD', want: true },
    { name: 'the long Base45 tail of a DCC', text: 'TS3DH3ZSUZK+.V0ETD%65NL-AH'.repeat(3), want: true },
    { name: 'a SMART card\'s digits without shc:/', text: '5676290952432060346029243740446031222959532654603460292540772804336028702864716745222809', want: true },
    { name: 'a damaged shc: prefix', text: 'shc:567629095243206034602924374044603122295953265460346029254077', want: true },
    { name: 'a whole DCC', text: 'HC1:NCFOXN%TS3DH3ZSUZK', want: false },
    { name: 'an ID number', text: '110105194912310021', want: false },
    { name: 'a URL health code', text: 'https://jkm.example.cn/qr?c=7f3a9', want: false },
    { name: 'a roster badge', text: 'GC1:S-001', want: false },
  ])('$name: $want', ({ text, want }) => {
    expect(isScanFragment(text)).toBe(want);
  });
});

