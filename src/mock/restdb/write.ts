/**
 * Validation of written documents and restdb's update operators (`$inc`, `$push`, `$pull`) on PUT and PATCH.
 */
import { userFields } from '../store/store';
import { deepEqual, depthOf } from '../store/values';
import { isObject } from './body';
import { validationError, type ValidationIssue } from './errors';

const UPDATE_OPERATORS = new Set(['$inc', '$push', '$pull']);

/** MongoDB's limit on nested documents and arrays, which restdb inherits. */
export const MAX_NESTING = 100;

function checkDepth(doc: unknown): void {
  if (depthOf(doc) > MAX_NESTING) {
    throw validationError(`Document is nested deeper than ${MAX_NESTING} levels`, [{ field: '', message: ['Too deeply nested'] }]);
  }
}

function checkFieldName(field: string, issues: ValidationIssue[]): void {
  if (field === '') issues.push({ field, message: ['Field names cannot be empty'] });
  else if (field.startsWith('$')) issues.push({ field, message: ['Field names cannot start with "$"'] });
  else if (field.includes('.')) issues.push({ field, message: ['Field names cannot contain "."'] });
  else if (field === '__proto__') issues.push({ field, message: ['"__proto__" is not allowed as a field name'] });
}

/**
 * Checks a document written by POST (no operators allowed) and returns its user fields (system fields dropped).
 *
 * @throws HttpError 400 ValidationError naming every bad field.
 */
export function validateDocument(doc: unknown, where = 'Document'): Record<string, unknown> {
  if (!isObject(doc)) throw validationError(`${where} must be a JSON object`, [{ field: '', message: ['Expected an object'] }]);
  checkDepth(doc);
  const issues: ValidationIssue[] = [];
  for (const field of Object.keys(doc)) checkFieldName(field, issues);
  if (issues.length > 0) throw validationError(`${where} has invalid field names`, issues);
  return userFields(doc);
}

/** An update split into plain fields and operators. */
export interface Update {
  fields: Record<string, unknown>;
  operators: Record<string, Record<string, unknown>>;
  hasFields: boolean;
}

/** Splits and validates the body of a PUT or PATCH. @throws HttpError 400 ValidationError. */
export function parseUpdate(body: unknown): Update {
  if (!isObject(body)) throw validationError('Update must be a JSON object', [{ field: '', message: ['Expected an object'] }]);
  checkDepth(body);
  const plain: Record<string, unknown> = {};
  const operators: Record<string, Record<string, unknown>> = {};
  const issues: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (UPDATE_OPERATORS.has(key)) {
      if (!isObject(value)) issues.push({ field: key, message: [`${key} needs an object of fields`] });
      else {
        for (const field of Object.keys(value)) checkFieldName(field, issues);
        operators[key] = value;
      }
    } else {
      checkFieldName(key, issues);
      plain[key] = value;
    }
  }
  if (issues.length > 0) throw validationError('Update has invalid fields or operators', issues);
  const fields = userFields(plain);
  return { fields, operators, hasFields: Object.keys(plain).length > 0 };
}

/** Applies `$inc`, `$push` and `$pull` to `doc` (mutated). @throws HttpError 400 ValidationError on type clashes. */
export function applyOperators(doc: Record<string, unknown>, operators: Update['operators']): void {
  const issues: ValidationIssue[] = [];
  for (const [field, by] of Object.entries(operators['$inc'] ?? {})) {
    const current = doc[field] ?? 0;
    if (typeof by !== 'number' || typeof current !== 'number') {
      issues.push({ field, message: ['$inc needs a numeric field and a numeric amount'] });
    } else doc[field] = current + by;
  }
  for (const [field, item] of Object.entries(operators['$push'] ?? {})) {
    const current = doc[field] ?? [];
    if (!Array.isArray(current)) issues.push({ field, message: ['$push needs an array field'] });
    else doc[field] = [...(current as unknown[]), item];
  }
  for (const [field, item] of Object.entries(operators['$pull'] ?? {})) {
    const current = doc[field];
    if (current === undefined) continue;
    if (!Array.isArray(current)) issues.push({ field, message: ['$pull needs an array field'] });
    else doc[field] = (current as unknown[]).filter((x) => !deepEqual(x, item));
  }
  if (issues.length > 0) throw validationError('Update operators do not fit the record', issues);
}
