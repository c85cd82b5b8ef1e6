/**
 * Verification of Auth0 id_tokens the way a restdb database configured with an Auth0 tenant does it:
 * RS256 only, signature by the issuer's published keys (JWKS), exact `iss`, `aud` = client id, `exp`.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type JWTPayload,
} from 'jose';
import { HttpError } from './errors';
import { tokenFailure, type Identity } from './db-token';

/** Verifies an id_token and returns the identity it proves; throws a 403 HttpError otherwise. */
export type IdTokenVerifier = (idToken: string) => Promise<Identity>;

/** Where the trusted keys come from. */
export type KeySource = { kind: 'local'; jwks: () => Promise<JSONWebKeySet> } | { kind: 'remote'; jwksUrl: string };

function identityOf(payload: JWTPayload): Identity {
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub === '') throw new HttpError(403, 'id_token has no sub claim');
  const email = typeof payload['email'] === 'string' ? payload['email'] : sub;
  const name =
    typeof payload['name'] === 'string' ? payload['name'] : typeof payload['nickname'] === 'string' ? payload['nickname'] : email;
  const picture = typeof payload['picture'] === 'string' ? payload['picture'] : '';
  return { sub, email, name, picture };
}

/**
 * Creates a verifier.
 *
 * @param options.issuer - the exact `iss` accepted.
 * @param options.audience - the `aud` required (the Auth0 client id).
 * @param options.keys - a local key set (the dev IdP) or a remote JWKS URL (any other IdP).
 * @param options.now - epoch-ms clock for `exp`/`nbf`.
 */
export function createIdTokenVerifier(options: {
  issuer: string;
  audience: string;
  keys: KeySource;
  now: () => number;
}): IdTokenVerifier {
  const { keys } = options;
  const remoteSet = keys.kind === 'remote' ? createRemoteJWKSet(new URL(keys.jwksUrl)) : undefined;
  // A key set that cannot be fetched is the server's problem (503), not a bad token (403).
  const remote = remoteSet
    ? async (header: JWSHeaderParameters, input: FlattenedJWSInput) => {
        try {
          return await remoteSet(header, input);
        } catch (error) {
          if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) throw error;
          throw new HttpError(503, `Could not load the trusted issuer's keys from ${keys.kind === 'remote' ? keys.jwksUrl : ''}`);
        }
      }
    : undefined;
  return async (idToken) => {
    try {
      const verifyOptions = {
        algorithms: ['RS256'],
        issuer: options.issuer,
        audience: options.audience,
        currentDate: new Date(options.now()),
        requiredClaims: ['sub', 'exp', 'iat'],
      };
      const { payload } = remote
        ? await jwtVerify(idToken, remote, verifyOptions)
        : await jwtVerify(idToken, createLocalJWKSet(await (keys as { jwks: () => Promise<JSONWebKeySet> }).jwks()), verifyOptions);
      return identityOf(payload);
    } catch (error) {
      throw tokenFailure(error, 'id_token');
    }
  };
}
