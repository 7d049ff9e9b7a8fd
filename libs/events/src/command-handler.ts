import { randomUUID } from 'node:crypto';
import { ConcurrencyError, Decider, Event, EventEnvelope, EventMetadata, foldEvents, isRejection, Rejection } from '@palembang/events/core';
import { EntityManager } from 'typeorm';
import { Alongside, PostgresEventStore } from './postgres/postgres-event-store';

export type CommandOutcome<E extends Event, S> =
  | Readonly<{ accepted: true; events: readonly E[]; state: S; version: number }>
  | Readonly<{ accepted: false; rejection: Rejection }>;

export interface HandleCommandInput<C, E extends Event, S> {
  store: PostgresEventStore;
  decider: Decider<C, E, S>;
  streamId: string;
  command: C;
  metadata: EventMetadata;
  /** When the events happened (the command's time). */
  occurredAt: string;
  /** The version the caller saw (If-Match); a different current version is a ConcurrencyError. */
  expectedVersion?: number;
  /** Join a running transaction, e.g. to update a read model with the same commit. */
  manager?: EntityManager;
  /**
   * The caller has just made the stream id up (a fresh UUID), so there is
   * nothing to read: the command is decided on the initial state, and the
   * append at version 0 still refuses with ConcurrencyError should the stream
   * exist after all. Saves a round trip on every creation.
   */
  newStream?: boolean;
  /** Writes that go with the events in the append's one statement (read-model upserts), made from the outcome. */
  alongside?: (outcome: Readonly<{ events: readonly E[]; state: S; version: number }>) => Alongside;
  /** The append may be held back to the end of the request (see PostgresEventStore.append). */
  deferrable?: boolean;
}

/**
 * The whole command handler: read the stream, fold it, decide, append at the
 * version that was read. A concurrent writer makes the append fail with
 * ConcurrencyError instead of overwriting; a rejection comes back as a value.
 */
export async function handleCommand<C, E extends Event, S>(input: HandleCommandInput<C, E, S>): Promise<CommandOutcome<E, S>> {
  const stored = input.newStream ? [] : await input.store.readStream(input.streamId, { manager: input.manager });
  const version = stored.length;
  if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
    throw new ConcurrencyError(input.streamId, input.expectedVersion, version);
  }
  const past = stored.map(toEvent) as E[];
  const decision = input.decider.decide(input.command, foldEvents(input.decider, past));
  if (isRejection(decision)) return { accepted: false, rejection: decision };
  const events = decision as readonly E[];
  const outcome = { accepted: true as const, events, state: foldEvents(input.decider, [...past, ...events]), version: version + events.length };
  if (events.length > 0) {
    await input.store.append(
      input.streamId,
      version,
      events.map((event) => ({ eventId: randomUUID(), type: event.type, data: event.data, occurredAt: input.occurredAt, metadata: input.metadata })),
      input.manager,
      input.alongside?.(outcome),
      { deferrable: input.deferrable },
    );
  }
  return outcome;
}

export function toEvent(envelope: EventEnvelope): Event {
  return { type: envelope.type, data: envelope.data };
}
