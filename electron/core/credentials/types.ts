import type { Bilingual } from '../errors';
import type { Evidence } from '../rules/types';

/** Stable failure codes, one per stage of the pipelines (EU DCC and SMART Health Card share the names). */
export const DECODE_ERROR_CODES = [
  'PREFIX', 'BASE45', 'NUMERIC', 'COMPRESSION', 'COSE', 'JWS', 'CBOR', 'UNKNOWN_KEY', 'SIGNATURE',
  'KEY_USAGE', 'SIGNER_EXPIRED', 'EXPIRED', 'NOT_YET_VALID', 'SCHEMA', 'VALUE_SET', 'REVOKED', 'CHECK_DIGIT', 'BIRTH_DATE', 'REGION', 'INCOMPLETE', 'SCAN_INCOMPLETE',
  'SHLINK_ONLINE_ONLY',
] as const;
export type DecodeErrorCode = (typeof DECODE_ERROR_CODES)[number];

/**
 * A certificate that was read whole but failed verification: forged, from an unknown signer, out of date, signed by a
 * key not allowed to sign it, or revoked. It stays on the screen and on every entry that completes it; admitting
 * on an attestation after it needs the operator's explicit "I checked the phone".
 */
export const VERIFICATION_FAILURES = ['SIGNATURE', 'UNKNOWN_KEY', 'SIGNER_EXPIRED', 'EXPIRED', 'NOT_YET_VALID', 'KEY_USAGE', 'REVOKED'] as const satisfies readonly DecodeErrorCode[];

export function isVerificationFailure(code: DecodeErrorCode): boolean {
  return (VERIFICATION_FAILURES as readonly DecodeErrorCode[]).includes(code);
}

/** Every format a scan can be: the one list the decoders, the register, the contract and the CSV use. */
export const CREDENTIAL_FORMATS = ['eu-dcc', 'shc', 'cn-id', 'roster', 'shlink', 'opaque'] as const;
export type CredentialFormat = (typeof CREDENTIAL_FORMATS)[number];

export interface Identity {
  name?: string | undefined;
  birthDate?: string | undefined;
  idMasked?: string | undefined;
}

export interface CredentialMeta {
  issuer?: string;
  country?: string;
  certificateType?: 'test' | 'vaccination' | 'recovery';
  kid?: string;
}

export type DecodeResult =
  | { ok: true; format: CredentialFormat; evidence: Evidence[]; identity: Identity; meta: CredentialMeta; notes: Bilingual[] }
  | { ok: false; format: CredentialFormat; code: DecodeErrorCode; message: string; words: Bilingual };

export const DECODE_WORDS: Record<DecodeErrorCode, Bilingual> = {
  PREFIX: { zh: '不是可识别的证书二维码', en: 'Not a certificate QR code this app reads' },
  BASE45: { zh: '证书二维码内容损坏（编码错误）', en: 'The certificate code is damaged (encoding)' },
  NUMERIC: { zh: '证书二维码内容损坏（数字编码错误）', en: 'The certificate code is damaged (numeric encoding)' },
  COMPRESSION: { zh: '证书内容损坏（解压失败）', en: 'The certificate is damaged (decompression)' },
  COSE: { zh: '证书签名结构损坏', en: 'The certificate signature structure is damaged' },
  JWS: { zh: '证书签名结构损坏', en: 'The certificate signature structure is damaged' },
  CBOR: { zh: '证书内容无法读取', en: 'The certificate content cannot be read' },
  UNKNOWN_KEY: { zh: '签发机构不在信任列表中，无法核验', en: 'The issuer is not in the trust list; cannot verify' },
  SIGNATURE: { zh: '证书签名无效，可能被篡改', en: 'The signature is not valid; the certificate may be forged' },
  KEY_USAGE: { zh: '签发证书无权签发此类证明', en: 'The signing certificate may not sign this type of certificate' },
  SIGNER_EXPIRED: { zh: '签发时签名证书不在有效期内，证书无效', en: 'The signing certificate was not valid when this certificate was issued' },
  EXPIRED: { zh: '证书已过期', en: 'The certificate has expired' },
  NOT_YET_VALID: { zh: '证书尚未生效', en: 'The certificate is not valid yet' },
  SCHEMA: { zh: '证书内容不符合规范', en: 'The certificate content does not follow the specification' },
  VALUE_SET: { zh: '证书中的编码不在欧盟值集中，证书无效', en: 'A coded value of the certificate is not in the EU value sets' },
  REVOKED: { zh: '证书已被签发机构吊销', en: 'The issuer has revoked this certificate' },
  CHECK_DIGIT: { zh: '身份证号校验位错误，请核对后重输', en: 'The ID number check digit is wrong; check and re-enter it' },
  BIRTH_DATE: { zh: '身份证号中的出生日期不可能（不存在、早于 1900 年或在今天之后）', en: 'The birth date in the ID number is impossible (no such day, before 1900, or after today)' },
  REGION: { zh: '身份证号的地区代码不存在', en: 'The ID number starts with a region code that does not exist' },
  INCOMPLETE: { zh: '多段二维码尚未扫完，请继续扫描其余部分', en: 'A multi-part code: scan the remaining parts' },
  SCAN_INCOMPLETE: { zh: '扫码不完整，请重扫', en: 'The scan is incomplete: scan again' },
  SHLINK_ONLINE_ONLY: { zh: 'SMART 健康链接：需联网到签发方服务器读取，离线无法核验；请查看对方手机并确认所见内容', en: "A SMART Health Link: needs the issuer's server; not checked offline. Look at the phone and attest what you see" },
};

export class DecodeError extends Error {
  /** `words` replaces the code's standard words when the failure can say more (e.g. which field). */
  constructor(readonly code: DecodeErrorCode, message: string, readonly words?: Bilingual) {
    super(message);
  }
}

export function failed(format: CredentialFormat, err: unknown): DecodeResult {
  if (err instanceof DecodeError) return { ok: false, format, code: err.code, message: err.message, words: err.words ?? DECODE_WORDS[err.code] };
  throw err;
}

/** Told when a decoder's stage ends: the structure decoded ('decode'), every verification check passed ('verify').
 *  For a breakdown of where a scan's time goes; decoders run the same without it. */
export type StageMark = (stage: 'decode' | 'verify') => void;
