/**
 * HTTP errors of the restdb API face: thrown by route code, turned into JSON replies by the app's error handler.
 */

/** One entry of a validation error's `list`. */
export interface ValidationIssue {
  field: string;
  message: string[];
}

/** An error that becomes an HTTP reply with status `status` and JSON body `body`. */
export class HttpError extends Error {
  override readonly name: string = 'HttpError';
  /** HTTP status of the reply. */
  readonly status: number;
  /** JSON body of the reply; always has a `message` string. */
  readonly body: Record<string, unknown>;

  constructor(status: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.body = { message, ...extra };
  }
}

/** 400 in restdb's validation-error shape: `{name: 'ValidationError', message, list: [{field, message: [...]}]}`. */
export function validationError(message: string, list: ValidationIssue[]): HttpError {
  return new HttpError(400, message, { name: 'ValidationError', list });
}
