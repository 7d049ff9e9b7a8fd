import { Event, EventEnvelope } from '@palembang/events/core';

/** The envelope fields the accountability read model uses; a full `EventEnvelope` fits. */
type EnvelopeFields = 'eventId' | 'type' | 'streamId' | 'streamVersion' | 'occurredAt' | 'agencyId' | 'data';

/**
 * An envelope of one of the events `E`, distributed over the union so that `type`
 * narrows `data` in a switch (a plain `EventEnvelope<A | B>` would not).
 */
export type ConsumedEnvelope<E extends Event> = E extends Event ? Pick<EventEnvelope<E>, EnvelopeFields> : never;

/** Any envelope as it comes off a topic, before it is known to be one this model reads. */
export type AnyEnvelope = Pick<EventEnvelope, EnvelopeFields>;

/** True when the envelope's type is one of `types`; the payload is trusted to match (contracts and upcasters run upstream). */
export function isEnvelopeOf<E extends Event>(types: readonly E['type'][], envelope: AnyEnvelope): envelope is AnyEnvelope & ConsumedEnvelope<E> {
  return (types as readonly string[]).includes(envelope.type);
}
