import { RestdbError } from './RestdbError';

/** Options or arguments the SDK cannot use; the message says what to fix. Thrown before any request. */
export class RestdbConfigError extends RestdbError {
  /**
   * @param message - what is wrong and how to fix it
   * @param code - `config` for client options, `invalid_argument` for a call's input
   */
  constructor(message: string, code: 'config' | 'invalid_argument' = 'config') {
    super(message, code);
    this.name = 'RestdbConfigError';
  }
}
