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

const DASH = 45;

/**
 * 8-4-4-4-12 hex digits, either case, checked by hand: every consumed event passes here, and a
 * regular expression was a tenth of decoding one in a replay.
 */
export function isUuid(value: string): boolean {
  if (value.length !== 36) return false;
  for (let index = 0; index < 36; index++) {
    const code = value.charCodeAt(index);
    if (index === 8 || index === 13 || index === 18 || index === 23) {
      if (code !== DASH) return false;
      continue;
    }
    const lower = code | 0x20;
    if (!((code >= 48 && code <= 57) || (lower >= 97 && lower <= 102))) return false;
  }
  return true;
}

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
  if (!isUuid(candidate.eventId as string)) throw new UndecodableMessageError('eventId is not a UUID');
  if (typeof candidate.streamVersion !== 'number' || typeof candidate.schemaVersion !== 'number') {
    throw new UndecodableMessageError('streamVersion or schemaVersion missing');
  }
  if (typeof candidate.data !== 'object' || candidate.data === null) throw new UndecodableMessageError('data missing');
  return candidate as unknown as EventEnvelope;
}
