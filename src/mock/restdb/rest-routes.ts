/**
 * `/rest/<collection>` and `/rest/<collection>/<id>`: list, read, create, replace, merge and delete records with
 * restdb's shapes and status codes. Access rules are in `access.ts`, write validation in `write.ts`.
 */
import type { Context, Hono } from 'hono';
import { isObjectId } from '../store/object-id';
import { runList, shapeRecord } from '../store/list';
import { booleanParam, parseListParams } from '../store/params';
import { QueryError } from '../store/query-error';
import type { MockRecord } from '../store/store';
import { canSee, checkCanWrite, checkCollectionName, visibleRecords } from './access';
import { readJson } from './body';
import { actorOf, authenticate, type Caller } from './credentials';
import type { RestdbDeps } from './deps';
import { HttpError, validationError } from './errors';
import { applyOperators, parseUpdate, validateDocument } from './write';

function checkId(id: string): void {
  if (!isObjectId(id)) throw new HttpError(400, `Invalid id "${id}": an id is 24 hexadecimal characters`);
}

async function prepare(c: Context, deps: RestdbDeps): Promise<{ caller: Caller; collection: string }> {
  // Credentials first, as a real server does: an anonymous caller learns nothing, not even that a name is invalid.
  const caller = await authenticate(c.req.raw, deps);
  const collection = c.req.param('collection') ?? '';
  checkCollectionName(collection);
  return { caller, collection };
}

function visibleRecord(deps: RestdbDeps, caller: Caller, collection: string, id: string): MockRecord {
  checkId(id);
  const record = deps.store.find(collection, id);
  // Another user's private record answers exactly like a missing one: its existence is not revealed.
  if (!record || !canSee(caller, collection, record, deps)) throw new HttpError(404, `No record ${id} in ${collection}`);
  return record;
}

function withQueryErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof QueryError) throw new HttpError(400, error.message);
    throw error;
  }
}

/** Mounts the `/rest` routes on `app`. */
export function mountRestRoutes(app: Hono, deps: RestdbDeps): void {
  const { store } = deps;

  app.get('/rest/:collection', async (c) => {
    const { caller, collection } = await prepare(c, deps);
    const plan = withQueryErrors(() => parseListParams(new URL(c.req.url).searchParams));
    const visible = visibleRecords(caller, collection, store.all(collection), deps);
    const { data, total } = runList(visible, plan);
    const totals = { total, count: data.length, skip: plan.skip, max: plan.max };
    c.header('X-Pagination', JSON.stringify(totals));
    return c.json(plan.totals ? { data, totals } : data);
  });

  app.get('/rest/:collection/:id', async (c) => {
    const { caller, collection } = await prepare(c, deps);
    const metafields = withQueryErrors(() => booleanParam(new URL(c.req.url).searchParams, 'metafields'));
    const record = visibleRecord(deps, caller, collection, c.req.param('id'));
    return c.json(shapeRecord(record, metafields));
  });

  app.post('/rest/:collection', async (c) => {
    const { caller, collection } = await prepare(c, deps);
    checkCanWrite(caller, collection);
    const body = await readJson(c.req.raw);
    const by = actorOf(caller);
    if (Array.isArray(body)) {
      if (body.length === 0) throw validationError('An array POST needs at least one object', []);
      const docs = body.map((doc, i) => validateDocument(doc, `Element ${i}`));
      return c.json(docs.map((doc) => shapeRecord(store.insert(collection, doc, by), true)), 201);
    }
    return c.json(shapeRecord(store.insert(collection, validateDocument(body), by), true), 201);
  });

  const update = (mode: 'replace' | 'merge') => async (c: Context) => {
    const { caller, collection } = await prepare(c, deps);
    checkCanWrite(caller, collection);
    const id = c.req.param('id') ?? '';
    const current = visibleRecord(deps, caller, collection, id);
    const change = parseUpdate(await readJson(c.req.raw));
    // PUT replaces, except that a body of update operators only ({"$inc": ...}) updates in place.
    const operatorsOnly = !change.hasFields && Object.keys(change.operators).length > 0;
    const base = mode === 'merge' || operatorsOnly ? { ...current } : {};
    const next: Record<string, unknown> = structuredClone({ ...base, ...change.fields });
    applyOperators(next, change.operators);
    const record = store.replace(collection, id, next, actorOf(caller)) as MockRecord;
    return c.json(shapeRecord(record, true));
  };
  app.put('/rest/:collection/:id', update('replace'));
  app.patch('/rest/:collection/:id', update('merge'));

  app.delete('/rest/:collection/:id', async (c) => {
    const { caller, collection } = await prepare(c, deps);
    checkCanWrite(caller, collection);
    const id = c.req.param('id');
    if (id === '*') return deleteMany(c, caller, collection);
    const record = visibleRecord(deps, caller, collection, id);
    store.remove(collection, record['_id'] as string);
    return c.json({ result: [record['_id']] });
  });

  async function deleteMany(c: Context, caller: Caller, collection: string): Promise<Response> {
    if (caller.kind !== 'apikey') throw new HttpError(403, 'Deleting by query needs the full-access API key');
    const q = c.req.query('q');
    let ids: string[];
    if (q !== undefined) {
      const plan = withQueryErrors(() => parseListParams(new URLSearchParams({ q })));
      ids = store.all(collection).filter((r) => plan.predicate(r)).map((r) => r['_id'] as string);
    } else {
      const body = c.req.raw.body ? await readJson(c.req.raw) : undefined;
      if (!Array.isArray(body) || !body.every((x): x is string => typeof x === 'string')) {
        throw new HttpError(400, 'DELETE /rest/<collection>/* needs ?q=<query> or a JSON array of ids');
      }
      body.forEach(checkId);
      ids = body.map((x) => x.toLowerCase());
    }
    return c.json({ result: ids.filter((id) => store.remove(collection, id)) });
  }

  app.on(['PUT', 'PATCH', 'DELETE'], '/rest/:collection', (c) => {
    throw new HttpError(405, `${c.req.method} needs a record id: /rest/<collection>/<id>`);
  });
  app.post('/rest/:collection/:id', () => {
    throw new HttpError(405, 'POST goes to /rest/<collection>, without an id');
  });
}
