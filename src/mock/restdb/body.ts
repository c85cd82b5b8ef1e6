/**
 * Reading JSON request bodies: anything that is not JSON is a 400, never a crash.
 */
import { HttpError } from './errors';

/** Parses the request body as JSON. @throws HttpError 400 for an empty or non-JSON body. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') throw new HttpError(400, 'Request body must be JSON, got an empty body');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
