import { ApplicationStatus, PermitApplicationEvent } from './permit-application';
import { timelineOf } from './timeline';

/**
 * One step of an application as anyone holding its tracking code may see it without a
 * credential (the public tracking page): when, what, the status after it, its Indonesian label
 * and the agency responsible. Narrower than TimelineEntry on purpose: no details at all, since
 * those carry officers' free text (a rejection's or revision's reason) and document lists.
 */
export type PublicTimelineStep = Readonly<{
  at: string;
  event: PermitApplicationEvent['type'];
  status: ApplicationStatus;
  label: string;
  agencyId: string;
}>;

/** The public steps of an application from its events, in order. */
export function publicTimelineOf(events: readonly PermitApplicationEvent[]): readonly PublicTimelineStep[] {
  return timelineOf(events).map(({ at, event, status, label }, index) => ({ at, event, status, label, agencyId: events[index].data.agencyId }));
}
