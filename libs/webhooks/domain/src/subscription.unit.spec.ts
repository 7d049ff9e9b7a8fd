import { isRejection, Rejection } from '@palembang/events/core';
import { receives, webhookPayloadOf } from './payload';
import { Actor, decideSubscription, previousSecretHonoured, Subscription, SubscriptionCommand } from './subscription';

const rules = { endpoint: { allowLoopback: false } };
const permitsOffice: Actor = { clientId: 'dpmptsp-system', agencyId: 'dpmptsp', scopes: ['permits:read', 'webhooks:write'] };
const cityWide: Actor = { clientId: 'city', agencyId: 'pemkot', scopes: ['permits:read', 'complaints:read', 'surveys:read', 'agencies:all', 'webhooks:write'] };
const create = (actor: Actor, eventTypes: string[] = ['permits.ApplicationSubmitted'], url = 'https://hooks.dpmptsp.example/in'): SubscriptionCommand => ({ type: 'CreateSubscription', subscriptionId: 's-1', actor, url, eventTypes });

function given(state: Subscription | undefined) {
  return {
    when: (command: SubscriptionCommand) => {
      const result = decideSubscription(state, command, rules);
      return {
        then: (expected: Partial<Subscription>) => expect(result).toMatchObject(expected),
        thenRejects: (code: string, field?: string) => expect(isRejection(result) ? { code: (result as Rejection).code, field: (result as Rejection).field } : result).toEqual({ code, field }),
      };
    },
  };
}

const active = decideSubscription(undefined, create(permitsOffice), rules) as Subscription;

describe('a subscription not yet created', () => {
  it('is created active for the client\'s agency with the event types it may read', () => given(undefined).when(create(permitsOffice)).then({ status: 'active', agencyId: 'dpmptsp', allAgencies: false, version: 1 }));
  it('is refused an event type the client\'s scopes cannot read, naming eventTypes', () => given(undefined).when(create(permitsOffice, ['complaints.ComplaintRouted'])).thenRejects('WEBHOOK_SUBSCRIPTION.EVENT_TYPE_NOT_PERMITTED', 'eventTypes'));
  it('is refused a malformed event type', () => given(undefined).when(create(permitsOffice, ['permits'])).thenRejects('WEBHOOK_SUBSCRIPTION.EVENT_TYPES_INVALID', 'eventTypes'));
  it('is refused no event types at all', () => given(undefined).when(create(permitsOffice, [])).thenRejects('WEBHOOK_SUBSCRIPTION.EVENT_TYPES_INVALID', 'eventTypes'));
  it('is refused a plain-http or internal endpoint, naming url', () => given(undefined).when(create(permitsOffice, undefined, 'https://10.0.0.5/in')).thenRejects('WEBHOOK_SUBSCRIPTION.ENDPOINT_REFUSED', 'url'));
  it('takes the agency register\'s events with any scope (every client reads the register), the accountability wildcard only with metrics:read', () => {
    given(undefined).when(create(permitsOffice, ['accountability.AgencyRegistered'])).then({ status: 'active' });
    given(undefined).when(create(permitsOffice, ['accountability.*'])).thenRejects('WEBHOOK_SUBSCRIPTION.EVENT_TYPE_NOT_PERMITTED', 'eventTypes');
    given(undefined).when(create(permitsOffice, ['accountability.ServicePerformanceBelowStandard'])).thenRejects('WEBHOOK_SUBSCRIPTION.EVENT_TYPE_NOT_PERMITTED', 'eventTypes');
  });
  it('takes the complaints wildcard only with both complaints:read and surveys:read', () => {
    given(undefined).when(create({ ...permitsOffice, scopes: ['complaints:read'] }, ['complaints.*'])).thenRejects('WEBHOOK_SUBSCRIPTION.EVENT_TYPE_NOT_PERMITTED', 'eventTypes');
    given(undefined).when(create(cityWide, ['complaints.*'])).then({ status: 'active', allAgencies: true });
  });
});

describe('an active subscription', () => {
  it('is not found by a client of another agency', () => given(active).when({ type: 'UpdateSubscription', actor: { ...permitsOffice, agencyId: 'dinkes' }, change: { description: 'x' } }).thenRejects('WEBHOOK_SUBSCRIPTION.NOT_FOUND', undefined));
  it('is managed by a client holding agencies:all', () => given(active).when({ type: 'UpdateSubscription', actor: cityWide, change: { enabled: false } }).then({ status: 'disabled', disabledReason: 'by-client', version: 2 }));
  it('keeps the previous secret for the overlap after a rotation', () => {
    const now = new Date('2026-12-05T10:00:00Z');
    const rotated = decideSubscription(active, { type: 'RotateSecret', actor: permitsOffice, now, overlapSeconds: 3600 }, rules) as Subscription;
    expect(previousSecretHonoured(rotated, new Date('2026-12-05T10:59:59Z'))).toBe(true);
    expect(previousSecretHonoured(rotated, new Date('2026-12-05T11:00:01Z'))).toBe(false);
  });
  it('refuses an overlap beyond a week, naming overlapSeconds', () => given(active).when({ type: 'RotateSecret', actor: permitsOffice, now: new Date(), overlapSeconds: 8 * 86400 }).thenRejects('WEBHOOK_SUBSCRIPTION.OVERLAP_INVALID', 'overlapSeconds'));
  it('is disabled after the given number of failed deliveries in a row, and a success resets the count', () => {
    let state: Subscription = active;
    for (let i = 0; i < 4; i++) state = decideSubscription(state, { type: 'RecordDeliveryFailed', disableAfter: 5 }, rules) as Subscription;
    expect(state.status).toBe('active');
    expect(decideSubscription(state, { type: 'RecordDeliverySucceeded' }, rules)).toMatchObject({ failuresInRow: 0, status: 'active' });
    expect(decideSubscription(state, { type: 'RecordDeliveryFailed', disableAfter: 5 }, rules)).toMatchObject({ status: 'disabled', disabledReason: 'failing' });
  });
  it('once deleted is not found', () => {
    const deleted = decideSubscription(active, { type: 'DeleteSubscription', actor: permitsOffice }, rules) as Subscription;
    given(deleted).when({ type: 'UpdateSubscription', actor: permitsOffice, change: {} }).thenRejects('WEBHOOK_SUBSCRIPTION.NOT_FOUND', undefined);
  });
});

describe('what a subscription receives', () => {
  const event = { eventId: 'e-1', type: 'ApplicationSubmitted', streamId: 'permit-1', streamVersion: 1, agencyId: 'dpmptsp', occurredAt: '2026-12-05T10:00:00Z', recordedAt: '2026-12-05T10:00:01Z', data: { applicant: { sealed: 'abc' }, name: 'Siti', status: 'submitted' } };
  it('its own agency\'s events of the types subscribed, every agency\'s with agencies:all', () => {
    expect(receives(active, 'permits', event)).toBe(true);
    expect(receives(active, 'permits', { ...event, agencyId: 'dinkes' })).toBe(false);
    expect(receives(active, 'permits', { ...event, type: 'ApplicationApproved' })).toBe(false);
    expect(receives({ agencyId: 'pemkot', allAgencies: true, eventTypes: ['permits.*'] }, 'permits', { ...event, agencyId: 'dinkes' })).toBe(true);
  });
  it('a payload of ids, type, status, agency and times, no other data', () => {
    expect(webhookPayloadOf('permits', event)).toEqual({
      type: 'permits.ApplicationSubmitted',
      timestamp: '2026-12-05T10:00:01Z',
      data: { eventId: 'e-1', streamId: 'permit-1', streamVersion: 1, agencyId: 'dpmptsp', occurredAt: '2026-12-05T10:00:00Z', status: 'submitted' },
    });
  });
});
