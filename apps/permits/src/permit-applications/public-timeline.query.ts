import { Inject, Injectable } from '@nestjs/common';
import { toEvent } from '@palembang/events';
import { CommandRunner } from '@palembang/platform';
import { PermitApplicationDecider, PermitApplicationEvent, publicTimelineOf } from '@palembang/permits-domain';
import { PublicPermitTimelineDto } from '@palembang/permits-api';
import { DataSource } from 'typeorm';
import { applicationIdByTrackingCode } from './permit-applications-view';
import { PERMIT_APPLICATION_DECIDER, streamIdOf } from './permit-applications.service';

/** What the public tracking page shows of an application: its status, agency and public steps, nothing personal. */
@Injectable()
export class PublicTimelineQuery {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PERMIT_APPLICATION_DECIDER) private readonly decider: PermitApplicationDecider,
  ) {}

  /** undefined when no application has this code. */
  async byTrackingCode(trackingCode: string): Promise<PublicPermitTimelineDto | undefined> {
    const applicationId = await applicationIdByTrackingCode(this.dataSource.manager, trackingCode);
    if (!applicationId) return undefined;
    const { state, envelopes } = await this.runner.load(this.decider, streamIdOf(applicationId));
    if (state.status === 'absent') return undefined;
    const timeline = publicTimelineOf(envelopes.map(toEvent) as PermitApplicationEvent[]);
    return { trackingCode, status: state.status, agencyId: state.agencyId, timeline: [...timeline] };
  }
}
