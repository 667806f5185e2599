// Every scanned string becomes evidence or a clear failure: classify, then the right decoder. Pure and async
// (signatures use WebCrypto). The full ID number of a resident ID card is returned to the caller for hashing only.
import { classifyCode, isScanFragment } from '../scan/parse-code';
import { decodeEuDcc } from './eu-dcc';
import { decodeShc } from './shc';
import { parseId, maskId } from './cn-id';
import { DECODE_WORDS, type DecodeResult, type StageMark } from './types';
import type { TrustStore } from './trust-store';

export interface DecodeContext {
  trust: TrustStore;
  /** Epoch milliseconds. */
  now: number;
  validateDccSchema?: ((content: unknown) => string[]) | undefined;
  mark?: StageMark | undefined;
}

export type ScanResult = DecodeResult & { text: string; idNumber?: string };

const ATTEST = { zh: '无法核验的二维码（如健康码）：请查看对方手机并确认所见内容', en: 'A code this app cannot verify (e.g. a health code): look at the phone and attest what you see' };

/**
 * Decodes one scan. `parts` is one string, or every part of a chunked SMART Health Card.
 * Never throws for bad input.
 */
export async function decodeScan(parts: string | readonly string[], ctx: DecodeContext): Promise<ScanResult> {
  const list = typeof parts === 'string' ? [parts] : [...parts];
  const classified = list.map(classifyCode);
  const { format, text } = classified[0]!;
  switch (format) {
    case 'eu-dcc':
      return { ...(await decodeEuDcc(text, ctx.trust, ctx.now, { validateSchema: ctx.validateDccSchema, mark: ctx.mark })), text };
    case 'shc':
      return { ...(await decodeShc(classified.map((c) => c.text), ctx.trust, ctx.now, ctx.mark)), text };
    case 'cn-id': {
      const id = parseId(text, ctx.now);
      if (!id.ok) {
        const code = id.reason === 'BIRTH_DATE' || id.reason === 'REGION' ? id.reason : 'CHECK_DIGIT';
        return { ok: false, format, code, message: `ID number: ${code}`, words: DECODE_WORDS[code], text };
      }
      const identity = { idMasked: maskId(id.id), birthDate: id.birthDate };
      return { ok: true, format, evidence: [{ kind: 'identity', ...identity, source: 'verified' }], identity, meta: {}, notes: [], text, idNumber: id.id };
    }
    case 'roster':
      return { ok: true, format, evidence: [], identity: {}, meta: {}, notes: [{ zh: '工牌码：请在名单中核对', en: 'A roster badge: check it against the roster' }], text };
    case 'shlink':
      // The link points at files on the issuer's server (encrypted, fetched with the key in the link): nothing here
      // can be checked offline, and nothing is fetched.
      return { ok: false, format, code: 'SHLINK_ONLINE_ONLY', message: 'a SMART Health Link needs the issuer\'s server; not checked offline', words: DECODE_WORDS.SHLINK_ONLINE_ONLY, text };
    case 'opaque':
      // A piece of a certificate (Base45 without its HC1:, a SMART Health Card's digits without shc:/): scan again,
      // on every path alike (the station, the camera, decode and check).
      if (isScanFragment(text)) return { ok: false, format, code: 'SCAN_INCOMPLETE', message: 'the scan is a piece of a certificate (a missing or damaged prefix, or a cut)', words: DECODE_WORDS.SCAN_INCOMPLETE, text };
      return { ok: true, format, evidence: [], identity: {}, meta: {}, notes: [ATTEST], text };
  }
}
