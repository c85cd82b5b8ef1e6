import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JSONWebKeySet, type JWTPayload } from 'jose';

/** The RS256 key pair of one IdP instance, with signing and JWKS export. */
export interface SigningKeys {
  /** Key id placed in every JWT header and in the JWKS. */
  readonly kid: string;
  /** Signs `payload` as an RS256 JWT (`typ` is `JWT` unless given). */
  sign(payload: JWTPayload, typ?: string): Promise<string>;
  /** Public half as a JSON Web Key Set (`use: sig`, `alg: RS256`, `kid`). */
  jwks(): Promise<JSONWebKeySet>;
  /** The public key, for verifying our own access tokens (e.g. on /userinfo). */
  publicKey(): Promise<CryptoKey>;
}

/**
 * Generates a fresh RS256 key pair (WebCrypto through jose) for one IdP instance.
 * Generation starts at once; every method awaits it, so creating the IdP stays synchronous.
 */
export function createSigningKeys(): SigningKeys {
  const kid = `devidp-${globalThis.crypto.randomUUID()}`;
  const pair = generateKeyPair('RS256', { modulusLength: 2048 });
  let jwksCache: Promise<JSONWebKeySet> | undefined;
  return {
    kid,
    async sign(payload, typ = 'JWT') {
      const { privateKey } = await pair;
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ }).sign(privateKey);
    },
    jwks() {
      jwksCache ??= pair.then(async ({ publicKey }) => {
        const jwk = await exportJWK(publicKey);
        return { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] };
      });
      return jwksCache;
    },
    async publicKey() {
      return (await pair).publicKey;
    },
  };
}
