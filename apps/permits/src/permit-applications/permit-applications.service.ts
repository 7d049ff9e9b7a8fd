import { Inject, Injectable } from '@nestjs/common';
import { AuthPrincipal } from '@palembang/auth';
import { PostgresEventStore, StreamVerification, toEvent } from '@palembang/events';
import { Page, problem, ProblemException } from '@palembang/http';
import { CommandContext, commandMetadataOf, CommandRunner, forgetSubject, subjectNotFound } from '@palembang/platform';
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
import { agencyOfApplication, applicationIdByTrackingCode, ApplicationListItem, ApplicationListQuery, listApplications, applicationViewUpserts } from './permit-applications-view';

export const PERMIT_APPLICATION_DECIDER = Symbol('PERMIT_APPLICATION_DECIDER');

/** A command as its sender states it: the metadata (who, which agency, when) comes from the CommandContext. */
export type PermitApplicationRequest = PermitApplicationCommand extends infer C ? (C extends PermitApplicationCommand ? Omit<C, 'metadata'> : never) : never;

export type ApplicationDetail = Readonly<{ application: Exclude<PermitApplication, { status: 'absent' }>; applicant: unknown; version: number; timeline: readonly TimelineEntry[] }>;

export type PublicTracking = Readonly<{ trackingCode: string; status: string; permitTypeCode: string; agencyId: string; timeline: readonly TimelineEntry[] }>;

export function streamIdOf(applicationId: string): string {
  return `permit-application-${applicationId}`;
}

/**
 * The permit application use cases: each command is decided on the stream and
 * its events appended together with the list view, in one statement.
 */
@Injectable()
export class PermitApplicationsService {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PERMIT_APPLICATION_DECIDER) private readonly decider: PermitApplicationDecider,
  ) {}

  /**
   * Runs the command; a rejection becomes a problem (400/404/409), a lost race a ConcurrencyError
   * (409/412): it is not decided again, the caller (or the next deadline sweep) sends it again.
   */
  async execute(request: PermitApplicationRequest, context: CommandContext): Promise<{ application: PermitApplication; version: number; events: readonly PermitApplicationEvent[] }> {
    const command = { ...request, metadata: commandMetadataOf(context) } as PermitApplicationCommand;
    const { state, version, events } = await this.runner.execute(this.decider, command, context, {
      streamId: streamIdOf(command.data.applicationId),
      // The controller makes a new UUID for every submission.
      newStream: command.type === 'SubmitApplication',
      retryOnConflict: false,
      projection: (outcome) => applicationViewUpserts(outcome.state, outcome.version),
    });
    return { application: state, version, events };
  }

  /** The application with its applicant (personal fields, or ERASED) and its timeline. */
  async get(applicationId: string): Promise<ApplicationDetail> {
    const { state: application, envelopes, version } = await this.runner.load(this.decider, streamIdOf(applicationId));
    const events = envelopes.map(toEvent) as PermitApplicationEvent[];
    if (application.status === 'absent') throw notFound(applicationId);
    const submitted = events.find((event) => event.type === 'ApplicationSubmitted');
    return { application, applicant: submitted?.type === 'ApplicationSubmitted' ? submitted.data.applicant : null, version, timeline: timelineOf(events) };
  }

  /** Whose application it is, without reading its stream or unsealing the applicant's data; undefined if there is none. */
  agencyOf(applicationId: string): Promise<string | undefined> {
    return agencyOfApplication(this.dataSource.manager, applicationId);
  }

  list(query: ApplicationListQuery): Promise<Page<ApplicationListItem>> {
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
