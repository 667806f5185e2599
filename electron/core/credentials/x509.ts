// What the DCC verifier needs from a signer certificate: its public key (SPKI, to import into WebCrypto), the key
// type, the validity dates and the extended key usage OIDs that limit what it may sign.
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, ExtendedKeyUsage, id_ce_extKeyUsage } from '@peculiar/asn1-x509';
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
