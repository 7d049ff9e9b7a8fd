import { subscribedTo, WebhookArea, webhookEventType } from './event-types';

/** The parts of a domain event a webhook may carry: ids, type, agency and times, never its data (which may hold personal fields, sealed or not). */
export type DomainEventFacts = Readonly<{
  eventId: string;
  type: string;
  streamId: string;
  streamVersion: number;
  agencyId: string;
  occurredAt: string;
  recordedAt: string;
  data: unknown;
}>;

export type WebhookPayload = Readonly<{
  type: string;
  timestamp: string;
  data: Readonly<{ eventId: string; streamId: string; streamVersion: number; agencyId: string; occurredAt: string; status?: string }>;
}>;

const STATUS = /^[A-Za-z_-]{1,40}$/;

/** A status word the event's data names (a state, never free text), when it has one. */
function statusOf(data: unknown): string | undefined {
  const status = typeof data === 'object' && data !== null ? (data as { status?: unknown }).status : undefined;
  return typeof status === 'string' && STATUS.test(status) ? status : undefined;
}

/** The Standard Webhooks payload of a domain event: `type`, `timestamp` and `data`. */
export function webhookPayloadOf(area: WebhookArea, event: DomainEventFacts): WebhookPayload {
  const status = statusOf(event.data);
  return {
    type: webhookEventType(area, event.type),
    timestamp: event.recordedAt,
    data: { eventId: event.eventId, streamId: event.streamId, streamVersion: event.streamVersion, agencyId: event.agencyId, occurredAt: event.occurredAt, ...(status ? { status } : {}) },
  };
}

export type DeliveryTarget = Readonly<{ agencyId: string; allAgencies: boolean; eventTypes: readonly string[] }>;

/** Whether an active subscription receives the event: a type it subscribed to, of its own agency unless it was made with agencies:all. */
export function receives(subscription: DeliveryTarget, area: WebhookArea, event: Pick<DomainEventFacts, 'type' | 'agencyId'>): boolean {
  return subscribedTo(subscription.eventTypes, area, event.type) && (subscription.allAgencies || subscription.agencyId === event.agencyId);
}
