import { importJWK } from 'jose';
import { createPrivateKey, createPublicKey, generateKeyPairSync, JsonWebKey, KeyObject, randomBytes } from 'node:crypto';

export const JWT_ALGORITHM = 'ES256';

/** A public key as published in a JWKS (RFC 7517), for ES256 over P-256. */
export type PublicJwk = JsonWebKey & { kid: string; kty: string; alg: string; use: string };

/** An ES256 key pair with the key id tokens name in their header. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: PublicJwk;
}

export function generateSigningKey(now: Date = new Date()): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = `${now.toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`;
  return { kid, privateKey, publicJwk: toPublicJwk(kid, publicKey) };
}

export function privateKeyToPem(key: SigningKey): string {
  return key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function signingKeyFromPem(kid: string, privateKeyPem: string): SigningKey {
  const privateKey = createPrivateKey(privateKeyPem);
  return { kid, privateKey, publicJwk: toPublicJwk(kid, createPublicKey(privateKey)) };
}

function toPublicJwk(kid: string, publicKey: KeyObject): PublicJwk {
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  return { kty: kty ?? 'EC', crv, x, y, kid, alg: JWT_ALGORITHM, use: 'sig' };
}

/** The public key of a JWK (imported by jose), accepted only for ES256 signatures. */
export async function publicKeyFromJwk(jwk: JsonWebKey): Promise<KeyObject | undefined> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || (jwk.alg !== undefined && jwk.alg !== JWT_ALGORITHM) || (jwk.use !== undefined && jwk.use !== 'sig')) {
    return undefined;
  }
  try {
    const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, JWT_ALGORITHM);
    return key instanceof KeyObject ? key : undefined;
  } catch {
    return undefined;
  }
}
