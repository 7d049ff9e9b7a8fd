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
import { PersonalDataVault, PostgresEventStore, Sealer, SqlStatement, StreamVerification, toEvent } from '@palembang/events';
import { Page, problem, ProblemException } from '@palembang/http';
import { AgencyRegister, CommandContext, commandMetadataOf, CommandRunner, forgetSubject, subjectNotFound } from '@palembang/platform';
import { DataSource } from 'typeorm';
import { finishedInteractionsInsert } from '../surveys/finished-interactions';
import { complaintIdByTrackingCode, ComplaintListQuery, ComplaintRow, listComplaints, Open311Search, complaintViewUpserts, searchComplaints } from './complaints-view';

export const COMPLAINT_DECIDER = Symbol('COMPLAINT_DECIDER');

/** A command as its sender states it: the metadata (who, which agency, when) comes from the CommandContext. */
export type ComplaintRequest = ComplaintCommand extends infer C ? (C extends ComplaintCommand ? Omit<C, 'metadata'> : never) : never;

export type ExistingComplaint = Exclude<Complaint, { status: 'absent' }>;

export type ComplaintDetail = Readonly<{
  complaint: ExistingComplaint;
  submitted: ComplaintSubmitted['data'];
  /** Null when the reporter chose anonymity: no agency route ever returns who reported. */
  reporter: ComplaintSubmitted['data']['reporter'] | null;
  version: number;
  timeline: readonly ComplaintTimelineEntry[];
}>;

/** The agency a command routes the complaint to, when it names one (verification with an agency, re-routing). */
function routedAgencyOf(command: ComplaintCommand): string | undefined {
  if (command.type !== 'VerifyComplaint' && command.type !== 'RerouteComplaint') return undefined;
  return command.data.agencyId ?? undefined;
}

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
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(COMPLAINT_DECIDER) private readonly decider: ComplaintDecider,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AgencyRegister) private readonly agencies: AgencyRegister,
  ) {}

  /**
   * Runs the command; a rejection becomes a problem (400/403/404/409), a lost race a ConcurrencyError
   * (409/412): it is not decided again, the caller (or the next deadline sweep) sends it again.
   * The context's agency is the sender's (the desk, the agency answering, or the system's watcher):
   * the envelope names it; the agency responsible after each event is in its data.
   */
  async execute(request: ComplaintRequest, context: CommandContext): Promise<{ complaint: Complaint; version: number; events: readonly ComplaintEvent[] }> {
    const command = { ...request, metadata: commandMetadataOf(context) } as ComplaintCommand;
    await this.agencies.requireRegistered({ agencyId: routedAgencyOf(command) });
    const { state, version, events } = await this.runner.execute(this.decider, command, context, {
      streamId: streamIdOf(command.data.complaintId),
      retryOnConflict: false,
      projection: (outcome) => (seal) => this.readModelWrites(seal, outcome.state, outcome.events, outcome.version, context.now),
    });
    return { complaint: state, version, events };
  }

  /** The complaint with its public timeline and, unless anonymous, its reporter. */
  async get(complaintId: string): Promise<ComplaintDetail> {
    const { state: complaint, envelopes, version } = await this.runner.load(this.decider, streamIdOf(complaintId));
    const events = envelopes.map(toEvent) as ComplaintEvent[];
    const submitted = events[0];
    if (complaint.status === 'absent' || submitted?.type !== 'ComplaintSubmitted') throw complaintNotFound(complaintId);
    const reporter = reporterVisibleToAgency(complaint) ? submitted.data.reporter : null;
    return { complaint, submitted: submitted.data, reporter, version, timeline: timelineOf(events) };
  }

  list(query: ComplaintListQuery): Promise<Page<ComplaintRow>> {
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
  private reporterAgencyLinks(state: ExistingComplaint, events: readonly ComplaintEvent[]): SqlStatement[] {
    const submitted = events.some((event) => event.type === 'ComplaintSubmitted');
    const routed = events.some((event) => event.type === 'ComplaintVerified' || event.type === 'ComplaintRerouted');
    return submitted || (routed && !state.anonymous) ? [this.store.subjectAgencyLink(subjectOfReporter(state.reporterId), state.agencyId)] : [];
  }

  verifyStream(complaintId: string): Promise<StreamVerification> {
    return this.store.verifyStream(streamIdOf(complaintId));
  }

  /** The read models the command's events change, sent with them: the list view, the reporter's agencies, the finished interactions surveys rate. */
  private async readModelWrites(seal: Sealer, state: Complaint, events: readonly ComplaintEvent[], version: number, now: string): Promise<SqlStatement[]> {
    if (state.status === 'absent') return [];
    const writes = [...(await complaintViewUpserts(seal, state, events, version, now)), ...this.reporterAgencyLinks(state, events)];
    if (state.status === 'closed' && events.some((event) => event.type === 'ResolutionConfirmed' || event.type === 'ComplaintAutoClosed')) {
      writes.push(finishedInteractionsInsert([{ kind: 'complaint', id: state.complaintId, agencyId: state.agencyId, serviceCode: state.categoryCode, finishedAt: state.closedAt }]));
    }
    return writes;
  }
}
