import { Inject, Injectable } from '@nestjs/common';
import { Alongside, ConcurrencyError, Decider, Event, EventEnvelope, foldEvents, handleCommand, holdsWritesBack, PostgresEventStore, requestTransactionOf, toEvent } from '@palembang/events';
import { rejectionProblem } from '@palembang/http';
import { DataSource, EntityManager } from 'typeorm';

/** Who sends a command, for whom and when: recorded in the events' envelopes. */
export type CommandContext = Readonly<{
  /** The agency the envelope names: the caller's, or the one a process manager acts for. */
  agencyId: string;
  /** The caller holds agencies:all. */
  allAgencies?: boolean;
  /** The client (or process) that sent the command. */
  actor: string;
  correlationId: string;
  causationId?: string | null;
  /** When the command happened: every event it records occurred then. */
  now: string;
  /** From If-Match: the command runs only against this version (412 otherwise) and is never retried. */
  expectedVersion?: number;
}>;

export type CommandOutcome<E extends Event, S> = Readonly<{ state: S; events: readonly E[]; version: number }>;

/** How one kind of command runs: its stream, its read model, whether a lost race is decided again. */
export type CommandOptions<E extends Event, S> = Readonly<{
  streamId: string;
  /**
   * The read models' writes for the command's outcome, as statements: they go to PostgreSQL in the
   * append's one statement, so a command is one round trip (after its stream read, unless `newStream`).
   * Only called when the command recorded events. A row holding personal data is sealed with the
   * sealer it is handed (return a function of it), under the keys the events are sealed with.
   */
  projection?: (outcome: CommandOutcome<E, S>) => Alongside;
  /**
   * Updates the read models by running queries, in a transaction opened for the command (its BEGIN
   * and COMMIT are round trips of their own): for a read model that must read to write. Prefer `projection`.
   */
  project?: (manager: EntityManager, outcome: CommandOutcome<E, S>) => Promise<void>;
  /**
   * The caller has just made the stream id up (a fresh UUID): nothing is read, and the append at
   * version 0 still refuses should the stream exist after all.
   */
  newStream?: boolean;
  /**
   * A lost race (ConcurrencyError) is decided again on the new state, a bounded number of times.
   * Never with If-Match, which asks for exactly one version. Default: true.
   */
  retryOnConflict?: boolean;
}>;

/** Enough for 50 enrolments racing for one cohort; each attempt is a transaction of its own. */
export const MAX_CONFLICT_ATTEMPTS = 60;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDecider = Decider<any, any, any>;
type Parts<D> = D extends Decider<infer C, infer E, infer S> ? { command: C; event: E; state: S } : never;
export type CommandOf<D> = Parts<D>['command'];
export type EventOf<D> = Parts<D>['event'];
export type StateOf<D> = Parts<D>['state'];

/**
 * The one way every service runs a command: read the stream (unless the command creates it), decide,
 * append at the version read with the outbox rows, the personal-data keys and the read models' upserts
 * in one statement (see execute); a rejection becomes its problem (400/403/404/409), a lost race is
 * decided again unless the caller named a version.
 */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /**
   * One statement when it can: without `then` or `project`, the append and the `projection`'s
   * statements are sent as one (atomic by itself, so no BEGIN or COMMIT), or held back to the end of
   * an Idempotency-Key request to go with its stored answer. Otherwise in a transaction of its own
   * (a savepoint of the request's), `then` in that same transaction (process managers).
   */
  async execute<D extends AnyDecider, R = CommandOutcome<EventOf<D>, StateOf<D>>>(
    decider: D,
    command: CommandOf<D>,
    context: CommandContext,
    options: CommandOptions<EventOf<D>, StateOf<D>>,
    then?: (manager: EntityManager, outcome: CommandOutcome<EventOf<D>, StateOf<D>>) => Promise<R>,
  ): Promise<R> {
    const retry = (options.retryOnConflict ?? true) && context.expectedVersion === undefined && !options.newStream;
    // In a request's transaction that does not hold writes back, a savepoint: a failed write leaves the request free to answer.
    if (!then && !options.project && (!requestTransactionOf(this.dataSource) || holdsWritesBack(this.dataSource))) {
      return retryingConflicts(retry, async () => (await this.decideAndWrite(this.dataSource.manager, decider, command, context, options, true)) as R);
    }
    return retryingConflicts(retry, () =>
      this.dataSource.transaction(async (manager) => {
        const outcome = await this.executeIn(manager, decider, command, context, options);
        return then ? then(manager, outcome) : (outcome as R);
      }),
    );
  }

  /** Within a running transaction (a retry is the caller's, since the whole transaction must run again). */
  executeIn<D extends AnyDecider>(
    manager: EntityManager,
    decider: D,
    command: CommandOf<D>,
    context: CommandContext,
    options: CommandOptions<EventOf<D>, StateOf<D>>,
  ): Promise<CommandOutcome<EventOf<D>, StateOf<D>>> {
    return this.decideAndWrite(manager, decider, command, context, options, false);
  }

  /** `deferrable`: in an Idempotency-Key request the write may go at its end, with the request's record (see PostgresEventStore.append). */
  private async decideAndWrite<D extends AnyDecider>(
    manager: EntityManager,
    decider: D,
    command: CommandOf<D>,
    context: CommandContext,
    options: CommandOptions<EventOf<D>, StateOf<D>>,
    deferrable: boolean,
  ): Promise<CommandOutcome<EventOf<D>, StateOf<D>>> {
    const outcome = await handleCommand({
      store: this.store,
      decider,
      streamId: options.streamId,
      command,
      metadata: { agencyId: context.agencyId, actor: context.actor, correlationId: context.correlationId, causationId: context.causationId ?? null },
      occurredAt: context.now,
      expectedVersion: context.expectedVersion,
      manager,
      newStream: options.newStream,
      alongside: options.projection && ((outcome) => options.projection!(outcome as CommandOutcome<EventOf<D>, StateOf<D>>)),
      deferrable,
    });
    if (!outcome.accepted) throw rejectionProblem(outcome.rejection);
    const result = { state: outcome.state as StateOf<D>, events: outcome.events as readonly EventOf<D>[], version: outcome.version };
    if (result.events.length > 0 && options.project) await options.project(manager, result);
    return result;
  }

  /** The stream folded: its state, its envelopes and its version (0 when absent). */
  async load<D extends AnyDecider>(decider: D, streamId: string, manager?: EntityManager): Promise<{ state: StateOf<D>; envelopes: EventEnvelope[]; version: number }> {
    const envelopes = await this.store.readStream(streamId, { manager });
    return { state: foldEvents(decider, envelopes.map(toEvent)) as StateOf<D>, envelopes, version: envelopes.length };
  }

  /** Several streams folded after one read (for lists): each id's state, envelopes and version, in the order given. */
  async loadMany<D extends AnyDecider>(decider: D, streamIds: readonly string[], manager?: EntityManager): Promise<Array<{ streamId: string; state: StateOf<D>; envelopes: EventEnvelope[]; version: number }>> {
    const streams = await this.store.readStreams(streamIds, manager);
    return streamIds.map((streamId) => {
      const envelopes = streams.get(streamId) ?? [];
      return { streamId, state: foldEvents(decider, envelopes.map(toEvent)) as StateOf<D>, envelopes, version: envelopes.length };
    });
  }

  /** Runs `work` (a whole transaction), again on a ConcurrencyError when `retry`: for callers that run several commands in one transaction. */
  retryingConflicts<R>(retry: boolean, work: () => Promise<R>): Promise<R> {
    return retryingConflicts(retry, work);
  }
}

async function retryingConflicts<R>(retry: boolean, work: () => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!retry || !(error instanceof ConcurrencyError) || attempt >= MAX_CONFLICT_ATTEMPTS) throw error;
      // Jitter, so that racing writers do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
    }
  }
}
