import { Inject, Injectable } from '@nestjs/common';
import { AuthPrincipal } from '@palembang/auth';
import {
  Complaint,
  ComplaintCommand,
  ComplaintDecider,
  ComplaintEvent,
  ComplaintSubmitted,
  ComplaintTimelineEntry,
  reporterVisibleToAgency,
  subjectOfReporter,
  timelineOf,
} from '@palembang/complaints-domain';
import { handleCommand, PersonalDataVault, PostgresEventStore, StreamVerification, toEvent } from '@palembang/events';
import { foldEvents } from '@palembang/events/core';
import { problem, ProblemException, rejectionProblem } from '@palembang/http';
import { forgetSubject, subjectNotFound } from '@palembang/platform';
import { DataSource, EntityManager } from 'typeorm';
import { recordFinishedInteraction } from '../surveys/finished-interactions';
import { complaintIdByTrackingCode, ComplaintListQuery, ComplaintRow, listComplaints, Open311Search, saveComplaintView, searchComplaints } from './complaints-view';

export const COMPLAINT_DECIDER = Symbol('COMPLAINT_DECIDER');

/** Who sends a command: recorded in the events' metadata. */
export type CommandContext = Readonly<{ actor: string; correlationId: string; expectedVersion?: number }>;

export type ExistingComplaint = Exclude<Complaint, { status: 'absent' }>;

export type ComplaintDetail = Readonly<{
  complaint: ExistingComplaint;
  submitted: ComplaintSubmitted['data'];
  /** Null when the reporter chose anonymity: no agency route ever returns who reported. */
  reporter: ComplaintSubmitted['data']['reporter'] | null;
  version: number;
  timeline: readonly ComplaintTimelineEntry[];
}>;

export function streamIdOf(complaintId: string): string {
  return `complaint-${complaintId}`;
}

export function complaintNotFound(complaintId: string): ProblemException {
  return new ProblemException(problem(404, { code: 'COMPLAINT.NOT_FOUND', detail: `No complaint ${complaintId}` }));
}

/**
 * The complaint use cases: each command is decided on the stream and its events
 * appended together with the read models, in one transaction.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(COMPLAINT_DECIDER) private readonly decider: ComplaintDecider,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  /** Runs the command; a rejection becomes a problem (400/403/404/409), a lost race a ConcurrencyError (409/412). */
  async execute(command: ComplaintCommand, context: CommandContext): Promise<{ complaint: Complaint; version: number; events: readonly ComplaintEvent[] }> {
    return this.dataSource.transaction(async (manager) => {
      const outcome = await handleCommand({
        store: this.store,
        decider: this.decider,
        streamId: streamIdOf(command.data.complaintId),
        command,
        // The envelope names the caller's agency; the agency responsible after each event is in its data.
        metadata: { agencyId: command.metadata.agencyId, actor: context.actor, correlationId: context.correlationId, causationId: null },
        occurredAt: command.metadata.now,
        expectedVersion: context.expectedVersion,
        manager,
      });
      if (!outcome.accepted) throw rejectionProblem(outcome.rejection);
      if (outcome.events.length > 0) await this.saveReadModels(manager, outcome.state, outcome.events, outcome.version, command.metadata.now);
      await this.linkReporterToAgency(manager, outcome.state, outcome.events);
      return { complaint: outcome.state, version: outcome.version, events: outcome.events };
    });
  }

  /** The complaint with its public timeline and, unless anonymous, its reporter. */
  async get(complaintId: string): Promise<ComplaintDetail> {
    const events = (await this.store.readStream(streamIdOf(complaintId))).map(toEvent) as ComplaintEvent[];
    const complaint = foldEvents(this.decider, events);
    const submitted = events[0];
    if (complaint.status === 'absent' || submitted?.type !== 'ComplaintSubmitted') throw complaintNotFound(complaintId);
    const reporter = reporterVisibleToAgency(complaint) ? submitted.data.reporter : null;
    return { complaint, submitted: submitted.data, reporter, version: events.length, timeline: timelineOf(events) };
  }

  list(query: ComplaintListQuery): Promise<{ items: ComplaintRow[]; next: string | null }> {
    return listComplaints(this.dataSource.manager, this.vault, query);
  }

  /** Complaints as Open311 lists them, the report's fields unsealed (or gone once the reporter is forgotten). */
  search(search: Open311Search, now: string): Promise<ComplaintRow[]> {
    return searchComplaints(this.dataSource.manager, this.vault, search, now);
  }

  async exists(complaintId: string): Promise<boolean> {
    return (await this.store.streamVersion(streamIdOf(complaintId))) > 0;
  }

  async idByTrackingCode(trackingCode: string): Promise<string> {
    const complaintId = await complaintIdByTrackingCode(this.dataSource.manager, trackingCode);
    if (!complaintId) throw new ProblemException(problem(404, { code: 'COMPLAINT.NOT_FOUND', detail: `No complaint has tracking code ${trackingCode}` }));
    return complaintId;
  }

  /**
   * Erases the reporter's personal-data key if the caller's agency alone holds a complaint of
   * theirs (any, with agencies:all): their fields read as ERASED from now on, the complaint stays.
   * The request is audited either way (forgetSubject): 404 like an unknown reporter if the agency
   * holds none, 409 if another agency holds one too.
   */
  forgetReporter(reporterId: string, principal: AuthPrincipal, now: string): Promise<{ erasedKeys: number }> {
    return forgetSubject(this.store, {
      subject: subjectOfReporter(reporterId),
      principal,
      now,
      notFound: () => subjectNotFound('COMPLAINT.REPORTER_NOT_FOUND', `reporter ${reporterId}`),
    });
  }

  /**
   * The agency a complaint is with may forget its reporter: the desk it was submitted to, then each
   * agency it is routed to. Not for an anonymous reporter: the agency never learns who reported,
   * and a forget that answers 200 instead of 404 would tell it.
   */
  private async linkReporterToAgency(manager: EntityManager, state: Complaint, events: readonly ComplaintEvent[]): Promise<void> {
    if (state.status === 'absent') return;
    const submitted = events.some((event) => event.type === 'ComplaintSubmitted');
    const routed = events.some((event) => event.type === 'ComplaintVerified' || event.type === 'ComplaintRerouted');
    if (submitted || (routed && !state.anonymous)) await this.store.linkSubjectToAgency(manager, subjectOfReporter(state.reporterId), state.agencyId);
  }

  verifyStream(complaintId: string): Promise<StreamVerification> {
    return this.store.verifyStream(streamIdOf(complaintId));
  }

  private async saveReadModels(manager: EntityManager, state: Complaint, events: readonly ComplaintEvent[], version: number, now: string): Promise<void> {
    await saveComplaintView(manager, this.vault, state, events, version, now);
    if (state.status === 'closed' && events.some((event) => event.type === 'ResolutionConfirmed' || event.type === 'ComplaintAutoClosed')) {
      await recordFinishedInteraction(manager, { kind: 'complaint', id: state.complaintId, agencyId: state.agencyId, serviceCode: state.categoryCode, finishedAt: state.closedAt });
    }
  }
}
