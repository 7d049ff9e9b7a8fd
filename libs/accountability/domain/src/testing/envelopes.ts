// Test helpers (not exported): envelopes as they come off a topic.
import { AnyEnvelope } from '../published-language/envelope';

export type EventSpec = readonly [type: string, data: object];

/** The envelopes of one stream, versions 1..n, each at its own event id. */
export function streamOf(streamId: string, events: readonly EventSpec[]): AnyEnvelope[] {
  return events.map(([type, data], index) => ({
    eventId: `${streamId}-${index + 1}`,
    type,
    streamId,
    streamVersion: index + 1,
    occurredAt: '2026-08-01T00:00:00+07:00',
    agencyId: (data as { agencyId?: string }).agencyId ?? 'unknown',
    data,
  }));
}

/** 23:59:59.999 +07:00 of a Jakarta day: where deadlines end. */
export const endOf = (date: string): string => `${date}T23:59:59.999+07:00`;
/** An instant on a Jakarta day, 09:00 unless told. */
export const at = (date: string, time = '09:00'): string => `${date}T${time}:00+07:00`;
