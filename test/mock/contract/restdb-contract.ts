/**
 * The restdb API contract: one suite, run against the msw handlers and against the real HTTP server.
 */
import { accessContract } from './access';
import { authContract } from './auth';
import { crudContract } from './crud';
import { httpContract } from './http';
import { queryContract } from './query';
import type { StartTarget } from './target';

/** Registers every contract block; `start` starts a mock with the given options and returns its origins and controls. */
export function restdbContract(start: StartTarget): void {
  authContract(start);
  crudContract(start);
  queryContract(start);
  accessContract(start);
  httpContract(start);
}

export type { StartTarget, Target, TargetOptions } from './target';
