// WebCrypto as both Node (globalThis.crypto) and Chromium have it. The core compiles without DOM or Node types
// (tsconfig.core.json), so the small part of SubtleCrypto it uses is declared here.

export type KeyUsage = 'sign' | 'verify';
export interface CryptoKeyLike {
  readonly type: string;
  readonly algorithm: unknown;
}
export interface Subtle {
  digest(algorithm: 'SHA-256' | 'SHA-1', data: Uint8Array): Promise<ArrayBuffer>;
  importKey(format: 'spki' | 'jwk' | 'raw', keyData: unknown, algorithm: unknown, extractable: boolean, usages: KeyUsage[]): Promise<CryptoKeyLike>;
  verify(algorithm: unknown, key: CryptoKeyLike, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  sign(algorithm: unknown, key: CryptoKeyLike, data: Uint8Array): Promise<ArrayBuffer>;
  exportKey(format: 'jwk', key: CryptoKeyLike): Promise<{ x?: string; y?: string; [k: string]: unknown }>;
}

export function subtle(): Subtle {
  const c = (globalThis as { crypto?: { subtle?: Subtle } }).crypto;
  if (!c?.subtle) throw new Error('WebCrypto is not available in this runtime');
  return c.subtle;
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (const b of u8) s += b.toString(16).padStart(2, '0');
  return s;
}
