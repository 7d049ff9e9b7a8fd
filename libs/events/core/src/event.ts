/**
 * A domain event: a past-tense fact with a string-literal type and its data.
 * Aggregates declare their events as unions of these.
 */
export type Event<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/** A command: an imperative request with its data and the metadata it arrived with. */
export type Command<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: CommandMetadata;
}>;

/** Who asked, when and why: time and ids come in with the command, never from inside the domain. */
export type CommandMetadata = Readonly<{
  /** When the command was accepted, ISO 8601 with offset. */
  now: string;
  agencyId: string;
  actor: string;
  correlationId: string;
  causationId?: string;
  /** The caller holds agencies:all: it acts for every agency (deciders that scope by agency honour it). */
  allAgencies?: boolean;
}>;

/** Metadata recorded with every stored event. */
export type EventMetadata = Readonly<{
  agencyId: string;
  actor: string;
  correlationId: string;
  causationId: string | null;
}>;

/** The stored form of an event, as read from the store or from Kafka. */
export type EventEnvelope<E extends Event = Event> = Readonly<{
  eventId: string;
  type: E['type'];
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  /** Position in the store's global order, as a decimal string (bigint). */
  globalPosition: string;
  occurredAt: string;
  recordedAt: string;
  agencyId: string;
  actor: string;
  correlationId: string;
  causationId: string | null;
  data: E['data'];
}>;

/** An event ready to be appended: the event plus its id, time and metadata. */
export type NewEvent<E extends Event = Event> = Readonly<{
  eventId: string;
  type: E['type'];
  data: E['data'];
  occurredAt: string;
  metadata: EventMetadata;
}>;
