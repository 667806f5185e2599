// What the DCC verifier needs from a signer certificate: its public key (SPKI, to import into WebCrypto), the key
// type, the validity dates and the extended key usage OIDs that limit what it may sign.
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, ExtendedKeyUsage, id_ce_extKeyUsage, id_ce_subjectAltName, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { ECParameters } from '@peculiar/asn1-ecc';

export interface SignerCertificate {
  spki: Uint8Array;
  keyType: 'EC' | 'RSA';
  namedCurve?: string;
  notBefore: number;
  notAfter: number;
  extendedKeyUsage: string[];
}

const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const CURVES: Record<string, string> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };

/** Parses DER. Throws on anything that is not an X.509 certificate with an EC or RSA key. */
export function parseSignerCertificate(der: Uint8Array): SignerCertificate {
  const cert = AsnConvert.parse(der, Certificate);
  const tbs = cert.tbsCertificate;
  const spkiInfo = tbs.subjectPublicKeyInfo;
  const algorithm = spkiInfo.algorithm.algorithm;
  let keyType: SignerCertificate['keyType'];
  let namedCurve: string | undefined;
  if (algorithm === EC_PUBLIC_KEY) {
    keyType = 'EC';
    const params = spkiInfo.algorithm.parameters;
    const oid = params ? AsnConvert.parse(params, ECParameters).namedCurve : undefined;
    if (oid) namedCurve = CURVES[oid];
  } else if (algorithm === RSA_ENCRYPTION || algorithm === RSA_PSS) {
    keyType = 'RSA';
  } else {
    throw new Error(`unsupported key algorithm ${algorithm}`);
  }
  const eku: string[] = [];
  for (const ext of tbs.extensions ?? []) {
    if (ext.extnID === id_ce_extKeyUsage) eku.push(...AsnConvert.parse(ext.extnValue, ExtendedKeyUsage).map(String));
  }
  const result: SignerCertificate = {
    spki: new Uint8Array(AsnConvert.serialize(spkiInfo)),
    keyType,
    notBefore: tbs.validity.notBefore.getTime().getTime(),
    notAfter: tbs.validity.notAfter.getTime().getTime(),
    extendedKeyUsage: eku,
  };
  if (namedCurve) result.namedCurve = namedCurve;
  return result;
}

/** An ECDSA signature in DER (SEQUENCE of two INTEGERs) as WebCrypto's fixed-size r||s. */
export function derToP1363(der: Uint8Array, size = 32): Uint8Array {
  if (der[0] !== 0x30) throw new Error('not a DER signature');
  let at = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
  const out = new Uint8Array(size * 2);
  for (let part = 0; part < 2; part++) {
    if (der[at] !== 0x02) throw new Error('not a DER integer');
    const len = der[at + 1]!;
    let int = der.subarray(at + 2, at + 2 + len);
    while (int.length > size && int[0] === 0) int = int.subarray(1);
    if (int.length > size) throw new Error('integer too long');
    out.set(int, part * size + (size - int.length));
    at += 2 + len;
  }
  return out;
}

export interface ChainCertificate {
  tbs: Uint8Array;
  signature: Uint8Array;
  /** The hash of its ECDSA signature, or undefined for any other signature algorithm. */
  signatureHash?: 'SHA-256' | 'SHA-384' | 'SHA-512';
  spki: Uint8Array;
  /** The curve of the key it carries (for EC keys). */
  namedCurve?: string;
  notBefore: number;
  notAfter: number;
  subjectAltUris: string[];
}

const ECDSA_HASHES: Record<string, 'SHA-256' | 'SHA-384' | 'SHA-512'> = {
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};

/** Parses a certificate of an x5c chain: the signed part, its signature and the key it carries. */
export function parseChainCertificate(der: Uint8Array): ChainCertificate {
  const cert = AsnConvert.parse(der, Certificate);
  const uris: string[] = [];
  for (const ext of cert.tbsCertificate.extensions ?? []) {
    if (ext.extnID === id_ce_subjectAltName) {
      for (const name of AsnConvert.parse(ext.extnValue, SubjectAlternativeName)) if (name.uniformResourceIdentifier) uris.push(name.uniformResourceIdentifier);
    }
  }
  const spkiInfo = cert.tbsCertificate.subjectPublicKeyInfo;
  const curveOid = spkiInfo.algorithm.algorithm === EC_PUBLIC_KEY && spkiInfo.algorithm.parameters
    ? AsnConvert.parse(spkiInfo.algorithm.parameters, ECParameters).namedCurve : undefined;
  const hash = ECDSA_HASHES[cert.signatureAlgorithm.algorithm];
  return {
    tbs: new Uint8Array(AsnConvert.serialize(cert.tbsCertificate)),
    signature: new Uint8Array(cert.signatureValue),
    ...(hash ? { signatureHash: hash } : {}),
    spki: new Uint8Array(AsnConvert.serialize(spkiInfo)),
    ...(curveOid && CURVES[curveOid] ? { namedCurve: CURVES[curveOid] } : {}),
    notBefore: cert.tbsCertificate.validity.notBefore.getTime().getTime(),
    notAfter: cert.tbsCertificate.validity.notAfter.getTime().getTime(),
    subjectAltUris: uris,
  };
}

/** Bytes of one coordinate (and of r or s) for each curve. */
export const CURVE_BYTES: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };
