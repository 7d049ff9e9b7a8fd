import { EventEnvelope } from '@palembang/events/core';

/** Kafka headers every event message carries, so consumers can route without parsing the body. */
export const EVENT_HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
} as const;

export function encodeEnvelope(envelope: EventEnvelope): string {
  return JSON.stringify(envelope);
}

export class UndecodableMessageError extends Error {
  constructor(reason: string) {
    super(`Not an event envelope: ${reason}`);
    this.name = 'UndecodableMessageError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const REQUIRED_STRINGS = ['eventId', 'type', 'streamId', 'occurredAt', 'agencyId'] as const;

/** Parses and checks an envelope as it arrives from Kafka (personal data still sealed). */
export function decodeEnvelope(value: Buffer | null): EventEnvelope {
  if (!value) throw new UndecodableMessageError('empty message');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    throw new UndecodableMessageError('not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new UndecodableMessageError('not an object');
  const candidate = parsed as Record<string, unknown>;
  for (const field of REQUIRED_STRINGS) {
    if (typeof candidate[field] !== 'string') throw new UndecodableMessageError(`${field} missing`);
  }
  if (!UUID.test(candidate.eventId as string)) throw new UndecodableMessageError('eventId is not a UUID');
  if (typeof candidate.streamVersion !== 'number' || typeof candidate.schemaVersion !== 'number') {
    throw new UndecodableMessageError('streamVersion or schemaVersion missing');
  }
  if (typeof candidate.data !== 'object' || candidate.data === null) throw new UndecodableMessageError('data missing');
  return candidate as unknown as EventEnvelope;
}
