import { RestdbError } from './RestdbError';

/** The caller's `AbortSignal` aborted the call. */
export class RestdbAbortError extends RestdbError {
  /**
   * @param message - the operation that was aborted
   * @param cause - the signal's reason
   */
  constructor(message: string, cause?: unknown) {
    super(message, 'aborted', cause);
    this.name = 'RestdbAbortError';
  }
}
