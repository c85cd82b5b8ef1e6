/**
 * Contract: /auth/token (code and refresh), /auth/userinfo, /auth/logout, and every token failure.
 */
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { algNone, call, decodePart, login, tamper, testClock, type StartTarget, type Target } from './target';

export function authContract(start: StartTarget): void {
  describe('POST /auth/token with an id_token', () => {
    const clock = testClock();
    let t: Target;
    beforeAll(async () => {
      t = await start({ now: clock.now, tokenTtlSeconds: 600 });
    });
    afterAll(() => t.close());

    it('answers {token, iat, exp} in epoch seconds with the configured lifetime', async () => {
      const code = await t.mock.signIdToken({ email: 'ann@example.com', name: 'Ann' });
      const reply = await call(t, 'POST', '/auth/token', { json: { code } });
      expect(reply.status).toBe(200);
      expect(Object.keys(reply.body).sort()).toEqual(['exp', 'iat', 'token']);
      expect(reply.body.iat).toBe(Math.floor(clock.now() / 1000));
      expect(reply.body.exp - reply.body.iat).toBe(600);
      const header = decodePart(reply.body.token, 0);
      const claims = decodePart(reply.body.token, 1);
      expect(header['alg']).toBe('HS256');
      expect(claims).toMatchObject({ email: 'ann@example.com', name: 'Ann', iat: reply.body.iat, exp: reply.body.exp });
      expect(typeof claims['sub']).toBe('string');
      expect(typeof claims['sid']).toBe('string');
      expect(typeof claims['jti']).toBe('string');
    });

    it('gives a token the /rest API accepts', async () => {
      const { token } = await login(t, { email: 'ann@example.com' });
      expect((await call(t, 'GET', '/rest/things', { token })).status).toBe(200);
    });

    it.each([
      ['an empty body', undefined, ''],
      ['non-JSON', undefined, 'code=abc'],
      ['an empty object', {}, undefined],
      ['a non-string code', { code: 42 }, undefined],
      ['both code and refresh', { code: 'a', refresh: 'b' }, undefined],
      ['an array', ['x'], undefined],
    ])('refuses %s with 400 {message}', async (_name, json, body) => {
      const reply = await call(t, 'POST', '/auth/token', json === undefined ? { body: body ?? '' } : { json });
      expect(reply.status).toBe(400);
      expect(typeof reply.body.message).toBe('string');
    });

    const rejects = async (code: string): Promise<string> => {
      const reply = await call(t, 'POST', '/auth/token', { json: { code } });
      expect(reply.status).toBe(403);
      expect(typeof reply.body.message).toBe('string');
      return reply.body.message as string;
    };

    it('rejects a tampered id_token (payload changed, signature kept)', async () => {
      const code = await t.mock.signIdToken({ email: 'ann@example.com' });
      expect(await rejects(tamper(code, { email: 'admin@example.com' }))).toMatch(/signature/);
    });

    it('rejects an expired id_token', async () => {
      const now = Math.floor(clock.now() / 1000);
      expect(await rejects(await t.mock.signIdToken({ iat: now - 7200, exp: now - 10 }))).toMatch(/expired/);
    });

    it('rejects an id_token once the clock passes its exp', async () => {
      const code = await t.mock.signIdToken({ exp: Math.floor(clock.now() / 1000) + 60 });
      expect((await call(t, 'POST', '/auth/token', { json: { code } })).status).toBe(200);
      clock.advance(61_000);
      expect(await rejects(code)).toMatch(/expired/);
    });

    it('rejects an id_token for another audience', async () => {
      expect(await rejects(await t.mock.signIdToken({ aud: 'another-client' }))).toMatch(/aud/);
    });

    it('rejects an id_token from another issuer', async () => {
      expect(await rejects(await t.mock.signIdToken({ iss: 'https://evil.example/' }))).toMatch(/iss/);
    });

    it('rejects an alg:none id_token', async () => {
      expect(await rejects(algNone(await t.mock.signIdToken()))).toMatch(/algorithm|malformed/);
    });

    it('rejects an id_token signed with a key the issuer does not publish', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const real = decodePart(await t.mock.signIdToken(), 1);
      const forged = await new SignJWT(real).setProtectedHeader({ alg: 'RS256', kid: String(decodePart(await t.mock.signIdToken(), 0)['kid']) }).sign(privateKey);
      expect(await rejects(forged)).toMatch(/signature|key/);
    });

    it('rejects an HS256 id_token (only RS256 is trusted) and garbage', async () => {
      const real = decodePart(await t.mock.signIdToken(), 1);
      const hs = await new SignJWT(real).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));
      await rejects(hs);
      await rejects('not-a-jwt');
    });
  });

  describe('POST /auth/token with a refresh token', () => {
    const clock = testClock();
    let t: Target;
    beforeAll(async () => {
      t = await start({ now: clock.now, tokenTtlSeconds: 600 });
    });
    afterAll(() => t.close());

    const refresh = (token: string) => call(t, 'POST', '/auth/token', { json: { refresh: token } });

    it('issues a new token of the same login; the old one stays valid until its exp', async () => {
      const first = await login(t, { email: 'ann@example.com' });
      clock.advance(5_000);
      const reply = await refresh(first.token);
      expect(reply.status).toBe(200);
      expect(reply.body.token).not.toBe(first.token);
      expect(reply.body.iat).toBe(first.iat + 5);
      expect(reply.body.exp).toBe(reply.body.iat + 600);
      expect(decodePart(reply.body.token, 1)['sid']).toBe(decodePart(first.token, 1)['sid']);
      expect(decodePart(reply.body.token, 1)['email']).toBe('ann@example.com');
      expect((await call(t, 'GET', '/rest/things', { token: first.token })).status).toBe(200);
      expect((await call(t, 'GET', '/rest/things', { token: reply.body.token })).status).toBe(200);
    });

    it('refuses an expired token, on /rest and for refresh', async () => {
      const { token } = await login(t);
      clock.advance(601_000);
      expect((await refresh(token)).status).toBe(403);
      const reply = await call(t, 'GET', '/rest/things', { token });
      expect(reply.status).toBe(403);
      expect(reply.body.message).toMatch(/expired/);
    });

    it("refuses another server's tokens (its own secret and issuer)", async () => {
      const other = await start();
      const foreign = await login(other, { email: 'ann@example.com' });
      expect((await refresh(foreign.token)).status).toBe(403);
      expect((await call(t, 'GET', '/rest/things', { token: foreign.token })).status).toBe(403);
      expect((await call(t, 'POST', '/auth/token', { json: { code: await other.mock.signIdToken() } })).status).toBe(403);
      await other.close();
    });

    it('refuses tampered, alg:none, foreign-secret and id_token refreshes', async () => {
      const { token } = await login(t);
      expect((await refresh(tamper(token, { email: 'x@example.com' }))).status).toBe(403);
      expect((await refresh(algNone(token))).status).toBe(403);
      const foreign = await new SignJWT(decodePart(token, 1)).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
      expect((await refresh(foreign)).status).toBe(403);
      expect((await refresh(await t.mock.signIdToken())).status).toBe(403);
    });
  });

  describe('GET /auth/userinfo and POST /auth/logout', () => {
    let t: Target;
    beforeAll(async () => {
      t = await start({ collections: { users: [{ email: 'ann@example.com', name: 'Ann', roles: ['external'] }] } });
    });
    afterAll(() => t.close());

    it('describes the signed-in user, with the _id of their users record', async () => {
      const { token } = await login(t, { email: 'ann@example.com', name: 'Ann A', picture: 'https://pics.example/ann.png' });
      const reply = await call(t, 'GET', '/auth/userinfo', { token });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ email: 'ann@example.com', displayname: 'Ann A', image: 'https://pics.example/ann.png' });
      expect(reply.body._id).toBe(t.mock.store.list('users')[0]?.['_id']);
    });

    it('has no _id for a user without a users record', async () => {
      const { token } = await login(t, { email: 'bob@example.com', name: 'Bob' });
      const reply = await call(t, 'GET', '/auth/userinfo', { token });
      expect(reply.body).toMatchObject({ email: 'bob@example.com', displayname: 'Bob' });
      expect(reply.body._id).toBeUndefined();
    });

    it('needs a bearer token (401) that is valid (403)', async () => {
      expect((await call(t, 'GET', '/auth/userinfo')).status).toBe(401);
      expect((await call(t, 'GET', '/auth/userinfo', { token: 'garbage' })).status).toBe(403);
    });

    it('logout revokes the token and every token refreshed from the same login, not other logins', async () => {
      const first = await login(t, { email: 'ann@example.com' });
      const other = await login(t, { email: 'ann@example.com' });
      const second = (await call(t, 'POST', '/auth/token', { json: { refresh: first.token } })).body.token as string;
      const out = await call(t, 'POST', '/auth/logout', { token: second });
      expect(out.status).toBe(200);
      for (const token of [first.token, second]) {
        const reply = await call(t, 'GET', '/rest/things', { token });
        expect(reply.status).toBe(403);
        expect(reply.body.message).toMatch(/revoked/);
        expect((await call(t, 'POST', '/auth/token', { json: { refresh: token } })).status).toBe(403);
        expect((await call(t, 'GET', '/auth/userinfo', { token })).status).toBe(403);
      }
      expect((await call(t, 'GET', '/rest/things', { token: other.token })).status).toBe(200);
    });

    it('logout needs a credential', async () => {
      expect((await call(t, 'POST', '/auth/logout')).status).toBe(401);
    });

    it('revokeAll() invalidates every token issued so far, but new logins work', async () => {
      const a = await login(t, { email: 'ann@example.com' });
      const b = await login(t, { email: 'bob@example.com' });
      t.mock.revokeAll();
      expect((await call(t, 'GET', '/rest/things', { token: a.token })).status).toBe(403);
      expect((await call(t, 'POST', '/auth/token', { json: { refresh: b.token } })).status).toBe(403);
      const c = await login(t, { email: 'ann@example.com' });
      expect((await call(t, 'GET', '/rest/things', { token: c.token })).status).toBe(200);
    });
  });
}
