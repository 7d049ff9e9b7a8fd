import { ComplaintEvent, ComplaintStatus } from './complaint';
import { timelineOf } from './timeline';

/**
 * One step of a complaint as anyone holding its tracking code may see it without a credential
 * (the public tracking page): when, what, the status after it, its Indonesian label and the
 * agency responsible once it happened (the desk before routing and while a declined report waits
 * to be rerouted). Narrower than ComplaintTimelineEntry on purpose: no details at all, since those
 * carry an archive note, a decline's reason and the agency that declined, an agency's own words.
 */
export type PublicComplaintTimelineStep = Readonly<{
  at: string;
  event: ComplaintEvent['type'];
  status: ComplaintStatus;
  label: string;
  agencyId: string;
}>;

/** The public steps of a complaint from its events, in order. */
export function publicComplaintTimelineOf(events: readonly ComplaintEvent[]): readonly PublicComplaintTimelineStep[] {
  return timelineOf(events).map(({ at, event, status, label }, index) => ({ at, event, status, label, agencyId: events[index].data.agencyId }));
}
