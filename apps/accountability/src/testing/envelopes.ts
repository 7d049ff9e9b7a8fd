import { randomUUID } from 'node:crypto';
import { EventEnvelope, KafkaPublisher, TOPICS } from '@palembang/events';
import { testEnvelope } from '@palembang/events/testing';

/** Test helpers: domain events published straight to their topics, as the other services' relays would. */
export type Published = { topic: string; envelope: EventEnvelope };

export function envelope(topic: string, streamId: string, version: number, type: string, data: object, agencyId = 'dpmptsp'): Published {
  return { topic, envelope: { ...testEnvelope(streamId, version, type, data), agencyId, recordedAt: new Date().toISOString() } };
}

export async function publish(publisher: KafkaPublisher, events: readonly Published[]): Promise<void> {
  await publisher.publish(events.map(({ topic, envelope: event }) => ({ topic, key: event.streamId, value: JSON.stringify(event) })));
}

/**
 * A permit application of `agencyId` submitted, verified and approved: with a
 * one-working-day standard and approval weeks later, it is decided outside the
 * standard unless `withinStandard`.
 */
export function decidedPermit(agencyId: string, options: { withinStandard?: boolean; permitTypeCode?: string } = {}): Published[] {
  const applicationId = randomUUID();
  const streamId = `permit-application-${applicationId}`;
  const ref = { applicationId, agencyId, permitTypeCode: options.permitTypeCode ?? 'TEST' };
  const approvedAt = options.withinStandard ? '2026-11-03T10:00:00+07:00' : '2026-11-20T10:00:00+07:00';
  return [
    envelope(TOPICS.permits, streamId, 1, 'ApplicationSubmitted', { ...ref, standard: { processingDays: 1 }, submittedAt: '2026-11-02T09:00:00+07:00' }, agencyId),
    envelope(TOPICS.permits, streamId, 2, 'ApplicationVerified', { ...ref, verifiedAt: '2026-11-02T10:00:00+07:00', processingDays: 1, slaDeadline: '2026-11-03T23:59:59.999+07:00' }, agencyId),
    envelope(TOPICS.permits, streamId, 3, 'ApplicationApproved', { ...ref, approvedAt }, agencyId),
  ];
}

export function survey(agencyId: string, score: 1 | 2 | 3 | 4): Published {
  const surveyId = randomUUID();
  const interaction = { kind: 'permit', id: randomUUID(), agencyId, serviceCode: 'TEST', finishedAt: '2026-11-03T10:00:00+07:00' };
  const scores = { U1: score, U2: score, U3: score, U4: score, U5: score, U6: score, U7: score, U8: score, U9: score };
  return envelope(TOPICS.complaints, `survey-permit-${interaction.id}`, 1, 'SurveySubmitted', { surveyId, interaction, scores, respondent: null, suggestion: 'Pak Budi ramah', submittedAt: '2026-11-05T10:00:00+07:00' }, agencyId);
}

/** BKPSDM registers a civil servant at `agencyId` (the name is sealed personal data upstream). */
export function civilServant(agencyId: string, nip: string): Published {
  return envelope(TOPICS.training, `civil-servant-${nip}`, 1, 'CivilServantRegistered', { nip, agencyId, name: { sealed: 'x' }, registeredAt: '2026-01-05T09:00:00+07:00' }, 'bkpsdm');
}

export function transferred(nip: string, fromAgencyId: string, agencyId: string, version: number): Published {
  return envelope(TOPICS.training, `civil-servant-${nip}`, version, 'CivilServantTransferred', { nip, fromAgencyId, agencyId, transferredAt: '2026-06-01T09:00:00+07:00' }, 'bkpsdm');
}

export function jpCredited(nip: string, jp: number, version = 1, reference = randomUUID(), agencyId = 'dinas-lain'): Published {
  return envelope(TOPICS.training, `development-${nip}-2026`, version, 'JpCredited', { nip, year: 2026, agencyId, source: 'program', programId: 'prg-1', jp, reference, creditedAt: '2026-03-10T10:00:00+07:00', recordedAt: '2026-03-10T10:00:00+07:00' }, 'bkpsdm');
}
