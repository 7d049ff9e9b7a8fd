import { Inject, Injectable } from '@nestjs/common';
import { ConcurrencyError, Decider, Event, EventEnvelope, foldEvents, handleCommand, PostgresEventStore, toEvent } from '@palembang/events';
import { rejectionProblem } from '@palembang/http';
import { DataSource, EntityManager } from 'typeorm';
import { projectTrainingEvents } from './training-views';

/** Who sends a command: recorded in the events' metadata. */
export type CommandContext = Readonly<{
  /** The agency the envelope names (the caller's, or the one a process manager acts for). */
  agencyId: string;
  /** The caller holds agencies:all (passed to deciders in the command's metadata). */
  allAgencies?: boolean;
  actor: string;
  correlationId: string;
  causationId?: string | null;
  now: string;
  /** From If-Match: the command runs only against this version (412 otherwise) and is never retried. */
  expectedVersion?: number;
}>;

export type Outcome<E extends Event, S> = Readonly<{ state: S; events: readonly E[]; version: number }>;

/** Enough to survive 50 enrolments racing for one cohort; each attempt is a fresh transaction. */
export const MAX_CONFLICT_ATTEMPTS = 60;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDecider = Decider<any, any, any>;
type Parts<D> = D extends Decider<infer C, infer E, infer S> ? { command: C; event: E; state: S } : never;
type CommandOf<D> = Parts<D>['command'];
type EventOf<D> = Parts<D>['event'];
type StateOf<D> = Parts<D>['state'];

/**
 * Runs training commands: read the stream, decide, append with the expected version and update the
 * read models, all in one transaction (the outbox rows too). A lost race (ConcurrencyError) without
 * If-Match is decided again on the new state, a bounded number of times.
 */
@Injectable()
export class TrainingStore {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(DataSource) readonly dataSource: DataSource,
  ) {}

  /** In a transaction of its own, retried on conflicts; `then` runs in the same transaction (process managers). */
  async execute<D extends AnyDecider, R = Outcome<EventOf<D>, StateOf<D>>>(
    decider: D,
    streamId: string,
    command: CommandOf<D>,
    context: CommandContext,
    then?: (manager: EntityManager, outcome: Outcome<EventOf<D>, StateOf<D>>) => Promise<R>,
  ): Promise<R> {
    return this.retryingConflicts(context.expectedVersion === undefined, () =>
      this.dataSource.transaction(async (manager) => {
        const outcome = await this.executeIn(manager, decider, streamId, command, context);
        return then ? then(manager, outcome) : (outcome as R);
      }),
    );
  }

  /** Runs `work` in a transaction, again on a ConcurrencyError when `retry` (bounded, with jitter). */
  async retryingConflicts<R>(retry: boolean, work: () => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!retry || !(error instanceof ConcurrencyError) || attempt >= MAX_CONFLICT_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
      }
    }
  }

  /** Within a running transaction: a rejection becomes its problem (400/403/404/409). */
  async executeIn<D extends AnyDecider>(manager: EntityManager, decider: D, streamId: string, command: CommandOf<D>, context: CommandContext): Promise<Outcome<EventOf<D>, StateOf<D>>> {
    const outcome = await handleCommand({
      store: this.store,
      decider,
      streamId,
      command,
      metadata: { agencyId: context.agencyId, actor: context.actor, correlationId: context.correlationId, causationId: context.causationId ?? null },
      occurredAt: context.now,
      expectedVersion: context.expectedVersion,
      manager,
    });
    if (!outcome.accepted) throw rejectionProblem(outcome.rejection);
    if (outcome.events.length > 0) await projectTrainingEvents(manager, outcome.events as readonly Event[]);
    return { state: outcome.state as StateOf<D>, events: outcome.events as readonly EventOf<D>[], version: outcome.version };
  }

  /** The stream folded: its state, events and version (0 when absent). */
  async load<D extends AnyDecider>(decider: D, streamId: string, manager?: EntityManager): Promise<{ state: StateOf<D>; envelopes: EventEnvelope[]; version: number }> {
    const envelopes = await this.store.readStream(streamId, { manager });
    return { state: foldEvents(decider, envelopes.map(toEvent)) as StateOf<D>, envelopes, version: envelopes.length };
  }
}
