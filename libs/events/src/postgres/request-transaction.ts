import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';

type Scope = { dataSource: DataSource; manager: EntityManager; open: boolean };

const scopes = new AsyncLocalStorage<Scope>();

/**
 * Runs `work` in one database transaction that every `transaction()` of the same
 * data source started inside it joins (as a savepoint), so that everything a
 * request writes commits or rolls back together with its idempotency record. The
 * work decides the outcome: `commit` false rolls everything back.
 */
export async function runInRequestTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<{ result: T; commit: boolean }>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const scope: Scope = { dataSource, manager: runner.manager, open: true };
  try {
    await runner.startTransaction();
    const { result, commit } = await scopes.run(scope, () => work(runner.manager));
    scope.open = false;
    if (commit) await runner.commitTransaction();
    else await runner.rollbackTransaction();
    return result;
  } catch (error) {
    scope.open = false;
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/** The open request transaction of this data source in the current async context, if any. */
export function requestTransactionOf(dataSource: DataSource): EntityManager | undefined {
  const scope = scopes.getStore();
  if (!scope || !scope.open || scope.dataSource !== dataSource) return undefined;
  // The connection died under the request (the database restarted): its transaction is gone, and so is the request.
  if (scope.manager.queryRunner?.isReleased) throw new RequestTransactionLost();
  return scope.manager;
}

/** The request's database connection was lost mid-request; nothing it wrote was committed. */
export class RequestTransactionLost extends Error {
  constructor() {
    super('Connection terminated: the request transaction was lost with its database connection');
  }
}

/**
 * Runs `work` outside any request transaction: what it writes commits on its own,
 * whatever the request's outcome (an audit record of a refused request, say).
 */
export function outsideRequestTransaction<T>(work: () => Promise<T>): Promise<T> {
  return scopes.exit(work);
}

/**
 * Runs `work` so that every `transaction()` of the data source inside it commits together or not
 * at all: in the request's transaction when one is open (an Idempotency-Key request), else in
 * one of its own. For a use case that runs a command and then writes beside it.
 */
export function inOneTransaction<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (requestTransactionOf(dataSource)) return work();
  return runInRequestTransaction(dataSource, async () => ({ result: await work(), commit: true }));
}
