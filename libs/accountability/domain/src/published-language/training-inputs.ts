/**
 * Training inputs, declared by this context. The training context (libs/training)
 * owns its events and this context may not import them (scope rule); the
 * accountability service maps them onto these two facts.
 *
 * Credits: every JP credit becomes one `TrainingCredit`. The crediting event is
 * `JpCredited` {nip, year, agencyId, source: 'program' | 'xapi', programId, jp, reference,
 * creditedAt}: a passed cohort (`ParticipantCompleted` with passed: true) is credited
 * through it too, so map JpCredited only, never ParticipantCompleted as well, or a pass
 * counts twice. `JpCreditRevoked` {nip, year, reference} deletes the credit with that
 * reference. `agencyId` is the employing agency when the credit was earned (an older
 * JpCredited without it: the envelope's agency); it is informational, the roster decides
 * where a person counts. `creditedAt` is the completion instant, in the Jakarta year the
 * credit is for.
 *
 * Roster: BKPSDM's register (libs/training/domain/src/civil-servant):
 * `CivilServantRegistered` {nip, agencyId, registeredAt} and `CivilServantTransferred`
 * {nip, agencyId, transferredAt} each become one `CivilServant`; the latest per NIP wins,
 * so a transfer moves the person. ParticipantEnrolled ({nip, employerAgencyId}) is not a
 * roster: it lists only people who enrolled in something and would inflate the shares.
 */

/** Lesson hours (JP, 45 minutes each) credited to one civil servant. */
export type TrainingCredit = Readonly<{
  /** NIP, 18 digits. */
  nip: string;
  /** The agency the credit was recorded for; the roster, not this, decides where the person counts. */
  agencyId: string;
  jp: number;
  /** ISO 8601 instant with offset; the credit counts in its Jakarta calendar year. */
  creditedAt: string;
}>;

/** A civil servant (ASN) on an agency's roster: the population JP per civil servant is measured over. */
export type CivilServant = Readonly<{ nip: string; agencyId: string }>;
