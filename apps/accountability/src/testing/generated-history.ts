import { randomUUID } from 'node:crypto';
import { EventEnvelope, TOPICS } from '@palembang/events';
import { addCalendarDays } from '@palembang/working-days';

/**
 * Deterministic, plausible case histories as the other services publish them (permit
 * applications through their whole lifecycle, complaints, surveys), for tests that
 * compare figures computed two ways and for the scale benchmark, which loads millions
 * of them through the projection's own code path. Not the demo seed: no command runs.
 */
export type HistoryOptions = Readonly<{
  seed: number;
  agencies: readonly string[];
  /** The first and last Jakarta day cases are submitted on. */
  firstDay: string;
  days: number;
  /** Cases submitted this many days before the last day or earlier are closed (default: any may stay open). */
  closedAfterDays?: number;
}>;

export type GeneratedEvent = Readonly<{ topic: string; envelope: EventEnvelope }>;

/** mulberry32: small, fast and deterministic. */
export function randomOf(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const at = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00+07:00`;
const endOf = (day: string) => `${day}T23:59:59.999+07:00`;

/** The few thousand instants of a history, converted once each (a load of millions generates them over and over). */
const ISO_INSTANTS = new Map<string, string>();

function isoInstantOf(occurredAt: string): string {
  let instant = ISO_INSTANTS.get(occurredAt);
  if (instant === undefined) {
    if (ISO_INSTANTS.size >= 100_000) ISO_INSTANTS.clear();
    ISO_INSTANTS.set(occurredAt, (instant = new Date(occurredAt).toISOString()));
  }
  return instant;
}

function envelopeOf(topic: string, streamId: string, streamVersion: number, type: string, data: Record<string, unknown>, agencyId: string, occurredAt: string): GeneratedEvent {
  const instant = isoInstantOf(occurredAt);
  return {
    topic,
    envelope: {
      eventId: randomUUID(), type, schemaVersion: 1, streamId, streamVersion, globalPosition: String(streamVersion),
      occurredAt: instant, recordedAt: instant, agencyId, actor: 'generated', correlationId: randomUUID(), causationId: null, data,
    } as unknown as EventEnvelope,
  };
}

/** One permit application's events: verified most of the time, then approved, rejected, withdrawn, deemed approved, or still open. */
export function permitHistory(next: () => number, agencyId: string, day: string, index: number, mayStayOpen = true): GeneratedEvent[] {
  const applicationId = `gen-${index}-${Math.floor(next() * 1e9).toString(36)}`;
  const streamId = `permit-application-${applicationId}`;
  const ref = { applicationId, agencyId, permitTypeCode: ['PBG', 'SKRK', 'TDUP', 'SIP'][Math.floor(next() * 4)] };
  const processingDays = 5;
  const events: Array<[string, Record<string, unknown>, string]> = [['ApplicationSubmitted', { ...ref, standard: { processingDays }, submittedAt: at(day, 9) }, at(day, 9)]];
  // An old case was decided long ago: only recent ones may still be open.
  const outcome = mayStayOpen ? next() : next() * 0.8;
  if (next() < 0.9) {
    const deadlineDay = addCalendarDays(day, 7 + Math.floor(next() * 3));
    events.push(['ApplicationVerified', { ...ref, verifiedAt: at(day, 11), processingDays, slaDeadline: endOf(deadlineDay) }, at(day, 11)]);
    const decidedDay = addCalendarDays(day, Math.floor(next() * 14));
    if (next() < 0.15 && decidedDay > day) {
      events.push(['RevisionRequested', { ...ref, slaClockPaused: true, requestedAt: at(day, 13) }, at(day, 13)]);
      if (outcome < 0.85) events.push(['ApplicationResubmitted', { ...ref, resubmittedAt: at(decidedDay, 8), slaDeadline: endOf(addCalendarDays(deadlineDay, 3)) }, at(decidedDay, 8)]);
    }
    if (decidedDay > deadlineDay && outcome < 0.8) events.push(['SlaBreached', { ...ref, slaDeadline: endOf(deadlineDay), detectedAt: at(addCalendarDays(deadlineDay, 1), 0) }, at(addCalendarDays(deadlineDay, 1), 0)]);
    if (outcome < 0.6) events.push(['ApplicationApproved', { ...ref, approvedAt: at(decidedDay, 14) }, at(decidedDay, 14)]);
    else if (outcome < 0.7) events.push(['ApplicationRejected', { ...ref, rejectedAt: at(decidedDay, 14) }, at(decidedDay, 14)]);
    else if (outcome < 0.75) events.push(['ApplicationWithdrawn', { ...ref, withdrawnAt: at(decidedDay, 14) }, at(decidedDay, 14)]);
    else if (outcome < 0.8) events.push(['ApplicationDeemedApproved', { ...ref, slaDeadline: endOf(deadlineDay), detectedAt: at(addCalendarDays(deadlineDay, 1), 0) }, at(addCalendarDays(deadlineDay, 1), 0)]);
  } else if (outcome < 0.3) {
    events.push(['ApplicationRejected', { ...ref, rejectedAt: at(addCalendarDays(day, 1), 14) }, at(addCalendarDays(day, 1), 14)]);
  }
  return events.map(([type, data, occurredAt], version) => envelopeOf(TOPICS.permits, streamId, version + 1, type, data, agencyId, occurredAt));
}

/** One complaint's events: verified (sometimes late) and resolved, disputed, confirmed; archived; or still pending. */
export function complaintHistory(next: () => number, agencyId: string, day: string, index: number, mayStayOpen = true): GeneratedEvent[] {
  const complaintId = `gen-k-${index}-${Math.floor(next() * 1e9).toString(36)}`;
  const streamId = `complaint-${complaintId}`;
  const ref = { complaintId, agencyId, categoryCode: ['JALAN-RUSAK', 'LAMPU-JALAN', 'ADMINDUK'][Math.floor(next() * 3)] };
  const verificationDeadline = endOf(addCalendarDays(day, 4));
  const events: Array<[string, Record<string, unknown>, string]> = [['ComplaintSubmitted', { ...ref, intakeType: 'complaint', submittedAt: at(day, 9), verificationDeadline }, at(day, 9)]];
  const fate = mayStayOpen ? next() : next() * 0.75;
  const verifiedDay = addCalendarDays(day, Math.floor(next() * 7));
  if (verifiedDay > addCalendarDays(day, 4)) events.push(['VerificationOverdue', { ...ref, detectedAt: at(addCalendarDays(day, 5), 0) }, at(addCalendarDays(day, 5), 0)]);
  if (fate < 0.1) {
    events.push(['ComplaintArchived', { ...ref, archivedAt: at(verifiedDay, 10) }, at(verifiedDay, 10)]);
  } else if (fate < 0.9) {
    const followUpDeadline = endOf(addCalendarDays(verifiedDay, 14));
    events.push(['ComplaintVerified', { ...ref, verifiedAt: at(verifiedDay, 10), followUpDeadline }, at(verifiedDay, 10)]);
    const respondedDay = addCalendarDays(verifiedDay, Math.floor(next() * 4));
    events.push(['ComplaintAccepted', { ...ref, acceptedAt: at(respondedDay, 11) }, at(respondedDay, 11)]);
    if (fate < 0.75) {
      const resolvedDay = addCalendarDays(respondedDay, Math.floor(next() * 20));
      events.push(['ComplaintResolved', { ...ref, resolvedAt: at(resolvedDay, 13), withinDeadline: resolvedDay <= addCalendarDays(verifiedDay, 14), followUpDeadline }, at(resolvedDay, 13)]);
      if (mayStayOpen && next() < 0.1) events.push(['ResolutionDisputed', { ...ref, reopenCount: 1, followUpDeadline: endOf(addCalendarDays(resolvedDay, 10)) }, at(addCalendarDays(resolvedDay, 1), 9)]);
      else if (next() < 0.6) events.push(['ResolutionConfirmed', { ...ref, confirmedAt: at(addCalendarDays(resolvedDay, 2), 9) }, at(addCalendarDays(resolvedDay, 2), 9)]);
    }
  }
  return events.map(([type, data, occurredAt], version) => envelopeOf(TOPICS.complaints, streamId, version + 1, type, data, agencyId, occurredAt));
}

export function surveyEvent(next: () => number, agencyId: string, day: string): GeneratedEvent {
  const score = () => 1 + Math.floor(next() * 4);
  const interaction = { kind: 'permit', id: randomUUID(), agencyId, serviceCode: ['PBG', 'SKRK'][Math.floor(next() * 2)], finishedAt: at(day, 10) };
  const scores = { U1: score(), U2: score(), U3: score(), U4: score(), U5: score(), U6: score(), U7: score(), U8: score(), U9: score() };
  return envelopeOf(TOPICS.complaints, `survey-permit-${interaction.id}`, 1, 'SurveySubmitted', { surveyId: randomUUID(), interaction, scores, respondent: null, suggestion: null, submittedAt: at(day, 15) }, agencyId, at(day, 15));
}

/**
 * `cases` case histories spread over the days and agencies (three permit applications, one
 * complaint and one survey in five), each case's events in order, cases interleaved by day.
 */
export function* generatedHistory(options: HistoryOptions, cases: number): Generator<GeneratedEvent[]> {
  const next = randomOf(options.seed);
  for (let index = 0; index < cases; index++) {
    const agencyId = options.agencies[Math.floor(next() * options.agencies.length)];
    const day = addCalendarDays(options.firstDay, Math.floor((index / cases) * options.days));
    const kind = index % 5;
    const mayStayOpen = options.closedAfterDays === undefined || day > addCalendarDays(options.firstDay, options.days - options.closedAfterDays);
    if (kind < 3) yield permitHistory(next, agencyId, day, index, mayStayOpen);
    else if (kind === 3) yield complaintHistory(next, agencyId, day, index, mayStayOpen);
    else yield [surveyEvent(next, agencyId, day)];
  }
}
