import { Inject, Injectable } from '@nestjs/common';
import { toEvent } from '@palembang/events';
import { CommandRunner } from '@palembang/platform';
import { ComplaintDecider, ComplaintEvent, publicComplaintTimelineOf } from '@palembang/complaints-domain';
import { PublicComplaintTimelineDto } from '@palembang/complaints-api';
import { DataSource } from 'typeorm';
import { complaintIdByTrackingCode } from './complaints-view';
import { COMPLAINT_DECIDER, streamIdOf } from './complaints.service';

/** What the public tracking page shows of a complaint: its status, agency and public steps, nothing of the reporter or the report. */
@Injectable()
export class PublicComplaintTimelineQuery {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(COMPLAINT_DECIDER) private readonly decider: ComplaintDecider,
  ) {}

  /** undefined when no complaint has this code. */
  async byTrackingCode(trackingCode: string): Promise<PublicComplaintTimelineDto | undefined> {
    const complaintId = await complaintIdByTrackingCode(this.dataSource.manager, trackingCode);
    if (!complaintId) return undefined;
    const { state, envelopes } = await this.runner.load(this.decider, streamIdOf(complaintId));
    if (state.status === 'absent') return undefined;
    const timeline = publicComplaintTimelineOf(envelopes.map(toEvent) as ComplaintEvent[]);
    return { trackingCode, status: state.status, agencyId: state.agencyId, timeline: [...timeline] };
  }
}
