/**
 * What a subscriber may subscribe to. A webhook event type is `<area>.<EventType>` (the domain
 * event's own type, prefixed by the area of the topic it travels on) or `<area>.*` for every
 * event of the area; reading an area takes the same scope as reading its records through the API.
 */
export const WEBHOOK_AREAS = ['permits', 'complaints', 'training', 'accountability'] as const;
export type WebhookArea = (typeof WEBHOOK_AREAS)[number];

/** The domain topic each area's events travel on. */
export const AREA_TOPICS: Readonly<Record<WebhookArea, string>> = {
  permits: 'permits.events',
  complaints: 'complaints.events',
  training: 'training.events',
  accountability: 'accountability.events',
};

export const WEBHOOK_EVENT_TYPE = /^(permits|complaints|training|accountability)\.(\*|[A-Z][A-Za-z0-9]{0,79})$/;
export const MAX_EVENT_TYPES = 50;

/**
 * The scope that reads an event: the area's own, except satisfaction surveys, which travel on
 * the complaints topic but are read with surveys:read, the accountability service's alerts, read
 * with metrics:read, and the agency register's events (Agency*), which every client reads
 * (GET /v1/agencies takes any token): undefined.
 */
export function scopeToRead(area: WebhookArea, eventType: string): string | undefined {
  switch (area) {
    case 'permits':
      return 'permits:read';
    case 'complaints':
      return eventType.startsWith('Survey') ? 'surveys:read' : 'complaints:read';
    case 'training':
      return 'training:read';
    case 'accountability':
      return eventType.startsWith('Agency') ? undefined : 'metrics:read';
  }
}

export type ParsedEventType = Readonly<{ area: WebhookArea; type: string }>;

export function parseEventType(value: string): ParsedEventType | undefined {
  const match = WEBHOOK_EVENT_TYPE.exec(value);
  return match ? { area: match[1] as WebhookArea, type: match[2] } : undefined;
}

/** The webhook name of a domain event. */
export function webhookEventType(area: WebhookArea, type: string): string {
  return `${area}.${type}`;
}

/**
 * Whether a client holding `scopes` may subscribe to `eventType`. A wildcard of the complaints
 * area would carry surveys too, so it takes both scopes.
 */
export function mayReadEventType(scopes: readonly string[], eventType: string): boolean {
  const parsed = parseEventType(eventType);
  if (!parsed) return false;
  if (parsed.type === '*') {
    const needed = parsed.area === 'complaints' ? ['complaints:read', 'surveys:read'] : [scopeToRead(parsed.area, '') as string];
    return needed.every((scope) => scopes.includes(scope));
  }
  const needed = scopeToRead(parsed.area, parsed.type);
  return needed === undefined || scopes.includes(needed);
}

/** Whether a subscription to `subscribed` receives the domain event `type` of `area`. */
export function subscribedTo(subscribed: readonly string[], area: WebhookArea, type: string): boolean {
  return subscribed.includes(`${area}.*`) || subscribed.includes(webhookEventType(area, type));
}
