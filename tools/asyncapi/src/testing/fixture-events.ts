import { Event } from '@palembang/events/core';

/** Events of the generator's own tests: one at schema version 2 with its version 1 declared beside it, as the style asks of upcasters. */
export type ThingNamed = Event<'ThingNamed', { thingId: string; owner: { ownerId: string; name: string } | null }>;
/** Version 1 kept the name on the thing itself. */
export type ThingNamedV1 = Event<'ThingNamed', { thingId: string; ownerName: string }>;
export type ThingMoved = Event<'ThingMoved', { thingId: string; to: string }>;

export type ThingEvent = ThingNamed | ThingMoved;
