import { AuthPrincipal } from '@palembang/auth';
import { ComplaintSummaryDto, SubmitComplaintDto } from '@palembang/complaints-api';
import { Complaint } from '@palembang/complaints-domain';
import { isTrackingCodeCollision, newTrackingCode } from '@palembang/http';
import { randomUUID } from 'node:crypto';
import { runningDeadlineOf } from '../complaints-view';
import { complaintNotFound, ComplaintsService, ExistingComplaint } from '../complaints.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that cannot name a complaint is simply not found. */
export function checkComplaintId(complaintId: string): string {
  if (!UUID.test(complaintId)) throw complaintNotFound(complaintId);
  return complaintId.toLowerCase();
}

export function summaryOf(complaint: ExistingComplaint, version: number): ComplaintSummaryDto {
  const { complaintId, trackingCode, agencyId, categoryCode, intakeType, status } = complaint;
  return { complaintId, trackingCode, agencyId, categoryCode, intakeType, status, deadline: runningDeadlineOf(complaint), version };
}

export type Submitter = Readonly<{ principal: AuthPrincipal; correlationId: string; now: string }>;

/**
 * Files a complaint through any channel (the /v1 API and Open311 alike): the
 * same command, the same rules, the same complaint visible through both.
 */
export async function submitComplaint(complaints: ComplaintsService, body: SubmitComplaintDto, submitter: Submitter): Promise<{ complaint: ExistingComplaint; version: number }> {
  const { principal, correlationId, now } = submitter;
  for (let attempt = 1; ; attempt++) {
    const complaintId = randomUUID();
    try {
      const { complaint, version } = await complaints.execute(
        {
          type: 'SubmitComplaint',
          data: {
            complaintId,
            trackingCode: newTrackingCode('LPR'),
            intakeType: body.intakeType,
            channel: body.channel,
            categoryCode: body.categoryCode,
            title: body.title,
            description: body.description,
            location: body.location ? { latitude: body.location.latitude, longitude: body.location.longitude } : null,
            address: body.address ?? null,
            reporter: { reporterId: body.reporter.reporterId, name: body.reporter.name, nik: body.reporter.nik ?? null, phone: body.reporter.phone ?? null, email: body.reporter.email ?? null },
            anonymous: body.anonymous,
          },
        },
        { actor: principal.clientId, agencyId: principal.agencyId, correlationId, now },
      );
      return { complaint: existing(complaint, complaintId), version };
    } catch (error) {
      // A tracking code drawn twice (about 1 in 2^45) violates the view's unique index; the transaction rolled back, draw again.
      if (attempt >= 3 || !isTrackingCodeCollision(error)) throw error;
    }
  }
}

function existing(complaint: Complaint, complaintId: string): ExistingComplaint {
  if (complaint.status === 'absent') throw complaintNotFound(complaintId);
  return complaint;
}
