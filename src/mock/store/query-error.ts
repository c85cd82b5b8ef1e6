/**
 * The error the query engine and the list-parameter parser throw for a query the server must refuse with 400.
 * Its message names the parameter and the problem, e.g. `Unknown operator "$foo" in q at "age"`.
 */
export class QueryError extends Error {
  override readonly name: string = 'QueryError';
}
