import { Inject, Injectable } from '@nestjs/common';
import { SubmitComplaintDto } from '@palembang/complaints-api';
import { inOneTransaction, PersonalDataVault } from '@palembang/events';
import { DataSource } from 'typeorm';
import { ComplaintRow } from '../complaints/complaints-view';
import { ComplaintsService, ExistingComplaint } from '../complaints/complaints.service';
import { submitComplaint, Submitter } from '../complaints/http/complaint-http';
import { NO_LINKS, Open311Links, open311LinksOf, saveOpen311Links } from './open311-view';

/**
 * Open311 requests are complaints: filed by the same command as through /v1,
 * with what only Open311 carries (media_url, address_id) kept beside them.
 */
@Injectable()
export class Open311RequestsService {
  constructor(
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  /** The complaint and its links commit together or not at all (no complaint without the links its client sent). */
  file(complaint: SubmitComplaintDto, links: Open311Links, submitter: Submitter): Promise<ExistingComplaint> {
    return inOneTransaction(this.dataSource, async () => {
      const { complaint: filed } = await submitComplaint(this.complaints, complaint, submitter);
      await this.dataSource.transaction((manager) =>
        saveOpen311Links(manager, this.vault, { ...links, complaintId: filed.complaintId, reporterId: complaint.reporter.reporterId, agencyId: filed.agencyId }),
      );
      return filed;
    });
  }

  /** Each row with its links (none for a complaint filed through /v1 or without them). */
  async withLinks(rows: readonly ComplaintRow[]): Promise<Array<{ row: ComplaintRow; links: Open311Links }>> {
    const links = await open311LinksOf(this.dataSource.manager, this.vault, rows.map((row) => row.complaintId));
    return rows.map((row) => ({ row, links: links.get(row.complaintId) ?? NO_LINKS }));
  }
}
