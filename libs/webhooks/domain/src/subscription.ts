import { assertNever, reject, Rejection } from '@palembang/events/core';
import { checkEndpoint, EndpointPolicy } from './endpoint-rules';
import { MAX_EVENT_TYPES, mayReadEventType, WEBHOOK_EVENT_TYPE } from './event-types';

/**
 * A webhook subscription, kept as state (not an event stream: its history is the delivery log).
 * The secret is held by the caller (sealed at rest); the decider sees only whether a previous
 * one is still honoured during a rotation's overlap.
 */
type SubscriptionFields = Readonly<{
  subscriptionId: string;
  agencyId: string;
  /** Created by a client holding agencies:all: receives the events of every agency. */
  allAgencies: boolean;
  createdBy: string;
  url: string;
  eventTypes: readonly string[];
  description: string;
  /** Failed deliveries in a row; a success resets it. */
  failuresInRow: number;
  /** Until when the secret replaced by the last rotation still signs deliveries, ISO 8601. */
  previousSecretUntil: string | null;
  version: number;
}>;

export type Subscription =
  | (SubscriptionFields & { status: 'active' })
  | (SubscriptionFields & { status: 'disabled'; disabledReason: 'by-client' | 'failing' })
  | (SubscriptionFields & { status: 'deleted' });

export type Actor = Readonly<{ clientId: string; agencyId: string; scopes: readonly string[] }>;

export type SubscriptionChange = Readonly<{ url?: string; eventTypes?: readonly string[]; description?: string; enabled?: boolean }>;

export type SubscriptionCommand =
  | Readonly<{ type: 'CreateSubscription'; subscriptionId: string; actor: Actor; url: string; eventTypes: readonly string[]; description?: string }>
  | Readonly<{ type: 'UpdateSubscription'; actor: Actor; change: SubscriptionChange }>
  | Readonly<{ type: 'RotateSecret'; actor: Actor; now: Date; overlapSeconds: number }>
  | Readonly<{ type: 'DeleteSubscription'; actor: Actor }>
  | Readonly<{ type: 'RecordDeliveryFailed'; disableAfter: number }>
  | Readonly<{ type: 'RecordDeliverySucceeded' }>;

export type SubscriptionRules = Readonly<{ endpoint: EndpointPolicy }>;

export const ALL_AGENCIES_SCOPE = 'agencies:all';
export const MAX_ROTATION_OVERLAP_SECONDS = 7 * 24 * 60 * 60;

export function subscriptionNotFound(): Rejection {
  return reject('WEBHOOK_SUBSCRIPTION.NOT_FOUND', 'No such webhook subscription.');
}

/** A client sees the subscriptions of its own agency, every agency's with agencies:all; another's is simply not found. */
export function mayManage(actor: Actor, subscription: Subscription): boolean {
  return subscription.status !== 'deleted' && (subscription.agencyId === actor.agencyId || actor.scopes.includes(ALL_AGENCIES_SCOPE));
}

function checkEventTypes(actor: Actor, eventTypes: readonly string[]): Rejection | undefined {
  if (eventTypes.length === 0 || eventTypes.length > MAX_EVENT_TYPES) return reject('WEBHOOK_SUBSCRIPTION.EVENT_TYPES_INVALID', `Subscribe to 1 to ${MAX_EVENT_TYPES} event types.`, 'eventTypes');
  const malformed = eventTypes.find((type) => !WEBHOOK_EVENT_TYPE.test(type));
  if (malformed !== undefined) return reject('WEBHOOK_SUBSCRIPTION.EVENT_TYPES_INVALID', 'An event type is `<area>.<EventType>` or `<area>.*`, the area one of permits, complaints, training, accountability.', 'eventTypes');
  const unreadable = eventTypes.find((type) => !mayReadEventType(actor.scopes, type));
  if (unreadable !== undefined) return reject('WEBHOOK_SUBSCRIPTION.EVENT_TYPE_NOT_PERMITTED', `Your scopes do not let you read ${unreadable}.`, 'eventTypes');
  return undefined;
}

function checkUrl(url: string, rules: SubscriptionRules): Rejection | undefined {
  const verdict = checkEndpoint(url, rules.endpoint);
  return verdict.ok ? undefined : reject('WEBHOOK_SUBSCRIPTION.ENDPOINT_REFUSED', verdict.reason, 'url');
}

function create(command: Extract<SubscriptionCommand, { type: 'CreateSubscription' }>, rules: SubscriptionRules): Subscription | Rejection {
  const refused = checkUrl(command.url, rules) ?? checkEventTypes(command.actor, command.eventTypes);
  if (refused) return refused;
  return {
    status: 'active',
    subscriptionId: command.subscriptionId,
    agencyId: command.actor.agencyId,
    allAgencies: command.actor.scopes.includes(ALL_AGENCIES_SCOPE),
    createdBy: command.actor.clientId,
    url: new URL(command.url).toString(),
    eventTypes: [...new Set(command.eventTypes)],
    description: command.description ?? '',
    failuresInRow: 0,
    previousSecretUntil: null,
    version: 1,
  };
}

function update(state: Subscription, command: Extract<SubscriptionCommand, { type: 'UpdateSubscription' }>, rules: SubscriptionRules): Subscription | Rejection {
  const { change, actor } = command;
  const refused = (change.url !== undefined ? checkUrl(change.url, rules) : undefined) ?? (change.eventTypes !== undefined ? checkEventTypes(actor, change.eventTypes) : undefined);
  if (refused) return refused;
  const fields = {
    ...state,
    url: change.url !== undefined ? new URL(change.url).toString() : state.url,
    eventTypes: change.eventTypes !== undefined ? [...new Set(change.eventTypes)] : state.eventTypes,
    description: change.description ?? state.description,
    version: state.version + 1,
  };
  if (change.enabled === true) return { ...fields, status: 'active', failuresInRow: 0 };
  if (change.enabled === false) return { ...fields, status: 'disabled', disabledReason: 'by-client' };
  return fields;
}

/** Decides a command against the subscription (undefined before it is created); the new state or a rejection. */
export function decideSubscription(state: Subscription | undefined, command: SubscriptionCommand, rules: SubscriptionRules): Subscription | Rejection {
  if (command.type === 'CreateSubscription') return state ? reject('WEBHOOK_SUBSCRIPTION.EXISTS', 'This subscription exists already.') : create(command, rules);
  if (!state || state.status === 'deleted') return subscriptionNotFound();
  switch (command.type) {
    case 'UpdateSubscription':
      return mayManage(command.actor, state) ? update(state, command, rules) : subscriptionNotFound();
    case 'RotateSecret': {
      if (!mayManage(command.actor, state)) return subscriptionNotFound();
      if (!Number.isInteger(command.overlapSeconds) || command.overlapSeconds < 0 || command.overlapSeconds > MAX_ROTATION_OVERLAP_SECONDS) return reject('WEBHOOK_SUBSCRIPTION.OVERLAP_INVALID', `The overlap is a whole number of seconds from 0 to ${MAX_ROTATION_OVERLAP_SECONDS}.`, 'overlapSeconds');
      return { ...state, previousSecretUntil: new Date(command.now.getTime() + command.overlapSeconds * 1000).toISOString(), version: state.version + 1 };
    }
    case 'DeleteSubscription':
      return mayManage(command.actor, state) ? { ...state, status: 'deleted', version: state.version + 1 } : subscriptionNotFound();
    case 'RecordDeliveryFailed': {
      const failuresInRow = state.failuresInRow + 1;
      if (state.status === 'active' && failuresInRow >= command.disableAfter) return { ...state, status: 'disabled', disabledReason: 'failing', failuresInRow, version: state.version + 1 };
      return { ...state, failuresInRow };
    }
    case 'RecordDeliverySucceeded':
      return { ...state, failuresInRow: 0 };
    default:
      return assertNever(command);
  }
}

/** Whether a previous secret still signs deliveries at `now`. */
export function previousSecretHonoured(state: Subscription, now: Date): boolean {
  return state.previousSecretUntil !== null && Date.parse(state.previousSecretUntil) > now.getTime();
}
