import { RestdbError } from './RestdbError';

/** The call's deadline (`timeout`) passed: it covers waiting for a token, the request, retries and a replay. */
export class RestdbTimeoutError extends RestdbError {
  /** @param message - the operation and the deadline that passed */
  constructor(message: string) {
    super(message, 'timeout');
    this.name = 'RestdbTimeoutError';
  }
}
