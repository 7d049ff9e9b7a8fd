import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { SqlStatement } from './one-statement';

/** A command's write held back to the end of the request, so the request's own record goes in its statement (see deferWrite). */
type DeferredWrite = (alongside: readonly SqlStatement[]) => Promise<void>;

type Scope = {
  dataSource: DataSource;
  manager: EntityManager;
  open: boolean;
  defers: boolean;
  deferred?: DeferredWrite;
  flushing?: Promise<void>;
};

const scopes = new AsyncLocalStorage<Scope>();
/** Set while a held-back write is being sent: its own queries go straight through. */
const sending = new AsyncLocalStorage<Scope>();

/**
 * Runs `work` in one database transaction that every `transaction()` of the same
 * data source started inside it joins (as a savepoint), so that everything a
 * request writes commits or rolls back together with its idempotency record. The
 * work decides the outcome: `commit` false rolls everything back.
 *
 * With `deferWrites`, a command's write may be held back (deferWrite) until the work
 * sends it with its own statements (flushDeferredWrite); any other query of the
 * transaction, its COMMIT included, sends it first, so nothing reads around it or loses it.
 */
export async function runInRequestTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<{ result: T; commit: boolean }>,
  options: { deferWrites?: boolean } = {},
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const scope: Scope = { dataSource, manager: runner.manager, open: true, defers: options.deferWrites === true };
  if (scope.defers) {
    const query = runner.query.bind(runner);
    runner.query = (async (...args: Parameters<typeof query>) => {
      if (sending.getStore() !== scope) await sendDeferred(scope, []);
      return query(...args);
    }) as typeof runner.query;
  }
  try {
    await runner.startTransaction();
    const { result, commit } = await scopes.run(scope, () => work(runner.manager));
    scope.open = false;
    if (commit) await runner.commitTransaction();
    else await rollback(scope, runner.rollbackTransaction.bind(runner));
    return result;
  } catch (error) {
    scope.open = false;
    if (runner.isTransactionActive) await rollback(scope, runner.rollbackTransaction.bind(runner)).catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

async function rollback(scope: Scope, rollbackTransaction: () => Promise<void>): Promise<void> {
  scope.deferred = undefined;
  await scope.flushing?.catch(() => undefined);
  await rollbackTransaction();
}

/**
 * Holds back a command's write until the request transaction's work sends it
 * (flushDeferredWrite), when the transaction allows it and holds none yet; false
 * otherwise, and the caller writes at once. A held write fails late: its error is
 * a DeferredWriteFailed, and the request runs again without holding writes back.
 */
export function deferWrite(dataSource: DataSource, write: DeferredWrite): boolean {
  const scope = scopes.getStore();
  if (!scope || !scope.open || !scope.defers || scope.dataSource !== dataSource || scope.deferred || scope.flushing) return false;
  scope.deferred = write;
  return true;
}

/** Whether a write made now would be held back (deferWrite would take it). */
export function holdsWritesBack(dataSource: DataSource): boolean {
  const scope = scopes.getStore();
  return !!scope && scope.open && scope.defers && scope.dataSource === dataSource && !scope.deferred && !scope.flushing;
}

/** Sends the held-back write with `alongside` in its statement; false when none is held (send them yourself). */
export async function flushDeferredWrite(dataSource: DataSource, alongside: readonly SqlStatement[]): Promise<boolean> {
  const scope = scopes.getStore();
  if (!scope || scope.dataSource !== dataSource || !scope.deferred) return false;
  await sendDeferred(scope, alongside);
  return true;
}

async function sendDeferred(scope: Scope, alongside: readonly SqlStatement[]): Promise<void> {
  if (scope.flushing) return scope.flushing;
  const write = scope.deferred;
  if (!write) return;
  scope.deferred = undefined;
  scope.flushing = sending.run(scope, () => write(alongside)).catch((error: unknown) => {
    throw new DeferredWriteFailed(error);
  });
  try {
    await scope.flushing;
  } finally {
    scope.flushing = undefined;
  }
}

/** A held-back write failed when it was sent; `cause` is its error. */
export class DeferredWriteFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('a deferred command write failed');
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
