declare module '@digitalbazaar/base45' {
  /** RFC 9285 Base45. Throws on characters outside the alphabet and on impossible triplets. */
  export function decode(input: string): Uint8Array;
  export function encode(input: Uint8Array): string;
}
