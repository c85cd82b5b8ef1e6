import { RestdbError } from './RestdbError';

/** The request never got an HTTP answer (offline, DNS, CORS refusal, connection reset). */
export class RestdbNetworkError extends RestdbError {
  /**
   * @param message - the operation that failed
   * @param cause - the platform's error (usually a `TypeError` from `fetch`)
   */
  constructor(message: string, cause?: unknown) {
    super(message, 'network', cause);
    this.name = 'RestdbNetworkError';
  }
}
