import { Inject, Injectable } from '@nestjs/common';
import { AuthPrincipal } from '@palembang/auth';
import { handleCommand, PostgresEventStore, StreamVerification, toEvent } from '@palembang/events';
import { foldEvents } from '@palembang/events/core';
import { problem, ProblemException, rejectionProblem } from '@palembang/http';
import { forgetSubject, subjectNotFound } from '@palembang/platform';
import {
  PermitApplication,
  PermitApplicationCommand,
  PermitApplicationDecider,
  PermitApplicationEvent,
  subjectOfApplicant,
  timelineOf,
  TimelineEntry,
} from '@palembang/permits-domain';
import { DataSource } from 'typeorm';
import { agencyOfApplication, applicationIdByTrackingCode, ApplicationListItem, ApplicationListQuery, listApplications, saveApplicationView } from './permit-applications-view';

export const PERMIT_APPLICATION_DECIDER = Symbol('PERMIT_APPLICATION_DECIDER');

/** Who sends a command: recorded in the events' metadata. */
export type CommandContext = Readonly<{ actor: string; agencyId: string; correlationId: string; expectedVersion?: number }>;

export type ApplicationDetail = Readonly<{ application: Exclude<PermitApplication, { status: 'absent' }>; applicant: unknown; version: number; timeline: readonly TimelineEntry[] }>;

export type PublicTracking = Readonly<{ trackingCode: string; status: string; permitTypeCode: string; agencyId: string; timeline: readonly TimelineEntry[] }>;

export function streamIdOf(applicationId: string): string {
  return `permit-application-${applicationId}`;
}

/**
 * The permit application use cases: each command is decided on the stream and
 * its events appended together with the list view, in one transaction.
 */
@Injectable()
export class PermitApplicationsService {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PERMIT_APPLICATION_DECIDER) private readonly decider: PermitApplicationDecider,
  ) {}

  /** Runs the command; a rejection becomes a problem (400/404/409), a lost race a ConcurrencyError (409/412). */
  async execute(command: PermitApplicationCommand, context: CommandContext): Promise<{ application: PermitApplication; version: number; events: readonly PermitApplicationEvent[] }> {
    return this.dataSource.transaction(async (manager) => {
      const outcome = await handleCommand({
        store: this.store,
        decider: this.decider,
        streamId: streamIdOf(command.data.applicationId),
        command,
        metadata: { agencyId: context.agencyId, actor: context.actor, correlationId: context.correlationId, causationId: null },
        occurredAt: command.metadata.now,
        expectedVersion: context.expectedVersion,
        manager,
        // The controller makes a new UUID for every submission.
        newStream: command.type === 'SubmitApplication',
      });
      if (!outcome.accepted) throw rejectionProblem(outcome.rejection);
      if (outcome.events.length > 0) await saveApplicationView(manager, outcome.state, outcome.version);
      return { application: outcome.state, version: outcome.version, events: outcome.events };
    });
  }

  /** The application with its applicant (personal fields, or ERASED) and its timeline. */
  async get(applicationId: string): Promise<ApplicationDetail> {
    const events = (await this.store.readStream(streamIdOf(applicationId))).map(toEvent) as PermitApplicationEvent[];
    const application = foldEvents(this.decider, events);
    if (application.status === 'absent') throw notFound(applicationId);
    const submitted = events.find((event) => event.type === 'ApplicationSubmitted');
    return { application, applicant: submitted?.type === 'ApplicationSubmitted' ? submitted.data.applicant : null, version: events.length, timeline: timelineOf(events) };
  }

  /** Whose application it is, without reading its stream or unsealing the applicant's data; undefined if there is none. */
  agencyOf(applicationId: string): Promise<string | undefined> {
    return agencyOfApplication(this.dataSource.manager, applicationId);
  }

  list(query: ApplicationListQuery): Promise<{ items: ApplicationListItem[]; next: string | null }> {
    return listApplications(this.dataSource.manager, query);
  }

  /** What anyone holding the tracking code may see: status and public timeline, no personal data. */
  async track(trackingCode: string): Promise<PublicTracking> {
    const applicationId = await applicationIdByTrackingCode(this.dataSource.manager, trackingCode);
    if (!applicationId) throw new ProblemException(problem(404, { code: 'PERMIT.NOT_FOUND', detail: `No application has tracking code ${trackingCode}` }));
    const { application, timeline } = await this.get(applicationId);
    return { trackingCode, status: application.status, permitTypeCode: application.permitTypeCode, agencyId: application.agencyId, timeline };
  }

  /**
   * Erases the applicant's personal-data key if the caller's agency alone holds an application
   * of theirs (any, with agencies:all): their fields read as ERASED from now on, everything else
   * stays. The request is audited either way (forgetSubject): 404 like an unknown applicant if the
   * agency holds none, 409 if another agency holds one too.
   */
  forgetApplicant(applicantId: string, principal: AuthPrincipal, now: string): Promise<{ erasedKeys: number }> {
    return forgetSubject(this.store, {
      subject: subjectOfApplicant(applicantId),
      principal,
      now,
      notFound: () => subjectNotFound('PERMIT.APPLICANT_NOT_FOUND', `applicant ${applicantId}`),
    });
  }

  verifyApplicationStream(applicationId: string): Promise<StreamVerification> {
    return this.store.verifyStream(streamIdOf(applicationId));
  }
}

function notFound(applicationId: string): ProblemException {
  return new ProblemException(problem(404, { code: 'PERMIT.NOT_FOUND', detail: `No permit application ${applicationId}` }));
}
