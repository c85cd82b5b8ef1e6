import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createDevIdp } from '../../src/mock/idp/app';

const ORIGIN = 'http://localhost:4011';

describe('dev IdP signing keys', () => {
  it('signs id_tokens that verify against its own JWKS, with Auth0-shaped claims', async () => {
    const idp = createDevIdp({ issuerUrl: ORIGIN, clientId: 'dev-client', now: Date.now });
    expect(idp.issuer).toBe(`${ORIGIN}/`);
    const token = await idp.signIdToken({ email: 'Ada@Example.com', name: 'Ada' });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(await idp.jwks()), {
      issuer: `${ORIGIN}/`,
      audience: 'dev-client',
      algorithms: ['RS256'],
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(protectedHeader.kid).toBe((await idp.jwks()).keys[0]?.kid);
    expect(payload.sub).toMatch(/^auth0\|[0-9a-f]{24}$/);
    expect(payload['email']).toBe('Ada@Example.com'); // claims win verbatim
    expect(payload['name']).toBe('Ada');
    expect(payload.exp! - payload.iat!).toBe(36_000);
    // Same email -> same sub; overrides win.
    const again = await idp.signIdToken({ email: 'ada@example.com', exp: 5 });
    const claims = JSON.parse(atob(again.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims.sub).toBe(payload.sub);
    expect(claims.exp).toBe(5);
  });

  it('uses a different key pair per instance', async () => {
    const a = createDevIdp({ issuerUrl: ORIGIN, clientId: 'dev-client', now: Date.now });
    const b = createDevIdp({ issuerUrl: ORIGIN, clientId: 'dev-client', now: Date.now });
    const token = await a.signIdToken();
    expect(decodeProtectedHeader(token).kid).not.toBe((await b.jwks()).keys[0]?.kid);
    await expect(jwtVerify(token, createLocalJWKSet(await b.jwks()))).rejects.toThrow();
  });

  it('uses the injected clock', async () => {
    const idp = createDevIdp({ issuerUrl: ORIGIN, clientId: 'c', now: () => 1_700_000_000_000, idTokenTtlSeconds: 60 });
    const token = await idp.signIdToken();
    const claims = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims.iat).toBe(1_700_000_000);
    expect(claims.exp).toBe(1_700_000_060);
  });

  it('serves discovery and JWKS with CORS', async () => {
    const idp = createDevIdp({ issuerUrl: ORIGIN, clientId: 'dev-client', now: Date.now });
    const res = await idp.app.fetch(
      new Request(`${ORIGIN}/.well-known/openid-configuration`, { headers: { origin: 'http://127.0.0.1:4010' } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4010');
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc['issuer']).toBe(`${ORIGIN}/`);
    expect(doc['jwks_uri']).toBe(`${ORIGIN}/.well-known/jwks.json`);
    const jwks = await (await idp.app.fetch(new Request(String(doc['jwks_uri'])))).json();
    expect(jwks).toEqual(await idp.jwks());
  });
});
