import { jwtDecode } from 'jwt-decode';

/**
 * True when an encoded JWT's `exp` is within `seconds` of `nowMs` (or already past). Used only for the Auth0
 * id_token, whose expiry Auth0 sets; the database token is timed from local receive time instead.
 * A token that cannot be decoded counts as not expiring: the server will judge it.
 * @param raw - the encoded JWT
 * @param seconds - the margin
 * @param nowMs - current epoch ms
 */
export function expiresWithin(raw: string, seconds: number, nowMs: number): boolean {
  try {
    const { exp } = jwtDecode<{ exp?: number }>(raw);
    return typeof exp === 'number' && exp * 1000 - nowMs < seconds * 1000;
  } catch {
    return false;
  }
}
