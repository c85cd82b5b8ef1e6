import { base64url } from 'jose';

/** RFC 7636 verifier syntax: 43-128 characters of `[A-Za-z0-9-._~]`. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)) without padding. */
export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url.encode(new Uint8Array(digest));
}

/** True when `verifier` is well-formed and hashes to `challenge`. */
export async function verifyPkce(verifier: string | undefined, challenge: string): Promise<boolean> {
  if (!verifier || !VERIFIER.test(verifier)) return false;
  return (await s256Challenge(verifier)) === challenge;
}
