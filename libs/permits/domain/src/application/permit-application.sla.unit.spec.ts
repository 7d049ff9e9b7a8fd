import { command, event, sip, spec, submitted, tdup } from './permit-application.fixtures';

const check = (applicationId: string, now: string) => command('CheckDeadline', { applicationId }, now, 'deadline-watcher');

// Service standard of SIP-DOKTER: 7 working days. Calendar: Indonesia 2026 (17 Aug and 25 Aug are holidays).
const submittedSip = submitted(sip, '2026-08-03T09:00:00+07:00');
const verifiedSip = event('ApplicationVerified', sip, { verifiedAt: '2026-08-04T10:00:00+07:00', processingDays: 7, slaDeadline: '2026-08-13T23:59:59.999+07:00' });
const firstRevision = event('RevisionRequested', sip, { missingDocuments: ['str'], reason: 'STR kedaluwarsa', requestedAt: '2026-08-05T11:00:00+07:00', slaClockPaused: true });
const firstResubmission = event('ApplicationResubmitted', sip, {
  documents: ['str'],
  resubmittedAt: '2026-08-11T14:00:00+07:00',
  pausedWorkingDays: 4,
  slaDeadline: '2026-08-20T23:59:59.999+07:00',
});
const reviewStarted = event('ReviewStarted', sip, { officerId: 'officer-7', startedAt: '2026-08-12T09:00:00+07:00' });
const secondRevision = event('RevisionRequested', sip, { missingDocuments: ['surat-keterangan-tempat-praktik'], reason: 'Alamat praktik berbeda', requestedAt: '2026-08-19T09:00:00+07:00', slaClockPaused: true });

describe('an application whose SLA clock pauses during revisions', () => {
  it('pauses the clock when a verified application goes back to the applicant', () => {
    spec
      .given([submittedSip, verifiedSip])
      .when(command('RequestRevision', { applicationId: sip.applicationId, missingDocuments: ['str'], reason: 'STR kedaluwarsa' }, '2026-08-05T11:00:00+07:00'))
      .then([firstRevision]);
  });

  it('adds the paused working days back on resubmission: Thursday 6 to Tuesday 11 August are 4 days, so the 13th becomes the 20th (17 August is a holiday)', () => {
    spec
      .given([submittedSip, verifiedSip, firstRevision])
      .when(command('ResubmitApplication', { applicationId: sip.applicationId, documents: ['str'] }, '2026-08-11T14:00:00+07:00', 'portal'))
      .then([firstResubmission]);
  });

  it('returns to the officer reviewing it and pauses again in a second round: 3 days from Thursday 20 to Monday 24, deadline Wednesday 26 (25 August is a holiday)', () => {
    const given = [submittedSip, verifiedSip, firstRevision, firstResubmission, reviewStarted, secondRevision];
    spec
      .given(given)
      .when(command('ResubmitApplication', { applicationId: sip.applicationId, documents: ['surat-keterangan-tempat-praktik'] }, '2026-08-24T08:00:00+07:00', 'portal'))
      .then([
        event('ApplicationResubmitted', sip, {
          documents: ['surat-keterangan-tempat-praktik'],
          resubmittedAt: '2026-08-24T08:00:00+07:00',
          pausedWorkingDays: 3,
          slaDeadline: '2026-08-26T23:59:59.999+07:00',
        }),
      ]);
    // Back under review with the same officer: no new review needed, approval is possible.
    const resubmitted = event('ApplicationResubmitted', sip, { documents: [], resubmittedAt: '2026-08-24T08:00:00+07:00', pausedWorkingDays: 3, slaDeadline: '2026-08-26T23:59:59.999+07:00' });
    spec
      .given([...given, resubmitted])
      .when(command('ApproveApplication', { applicationId: sip.applicationId }, '2026-08-25T09:00:00+07:00'))
      .then([event('ApplicationApproved', sip, { approvedBy: 'officer-7', approvedAt: '2026-08-25T09:00:00+07:00' })]);
  });

  it('moves nothing when the revision is answered the same day', () => {
    spec
      .given([submittedSip, verifiedSip, firstRevision])
      .when(command('ResubmitApplication', { applicationId: sip.applicationId, documents: ['str'] }, '2026-08-05T16:00:00+07:00', 'portal'))
      .then([event('ApplicationResubmitted', sip, { documents: ['str'], resubmittedAt: '2026-08-05T16:00:00+07:00', pausedWorkingDays: 0, slaDeadline: '2026-08-13T23:59:59.999+07:00' })]);
  });

  it('does not run out while paused', () => {
    spec.given([submittedSip, verifiedSip, firstRevision]).when(check(sip.applicationId, '2026-08-20T09:00:00+07:00')).then([]);
  });
});

describe('an application past its deadline without deemed approval', () => {
  const given = [submittedSip, verifiedSip];
  const breached = event('SlaBreached', sip, { slaDeadline: '2026-08-13T23:59:59.999+07:00', detectedAt: '2026-08-14T08:00:00+07:00' });

  it('is not late at the last millisecond of the deadline day', () => {
    spec.given(given).when(check(sip.applicationId, '2026-08-13T16:59:59.999Z')).then([]);
  });

  it('records the breach of its SLA once the deadline has passed', () => {
    spec.given(given).when(check(sip.applicationId, '2026-08-14T08:00:00+07:00')).then([breached]);
  });

  it('records the breach only once', () => {
    spec.given([...given, breached]).when(check(sip.applicationId, '2026-08-17T08:00:00+07:00')).then([]);
  });

  it('may still be decided late', () => {
    spec
      .given([...given, breached, reviewStarted])
      .when(command('ApproveApplication', { applicationId: sip.applicationId }, '2026-08-18T09:00:00+07:00'))
      .then([event('ApplicationApproved', sip, { approvedBy: 'officer-7', approvedAt: '2026-08-18T09:00:00+07:00' })]);
  });

  it('is not breached again after a revision moved its deadline', () => {
    const revision = event('RevisionRequested', sip, { missingDocuments: ['str'], reason: 'STR', requestedAt: '2026-08-14T09:00:00+07:00', slaClockPaused: true });
    const resubmitted = event('ApplicationResubmitted', sip, { documents: ['str'], resubmittedAt: '2026-08-18T09:00:00+07:00', pausedWorkingDays: 1, slaDeadline: '2026-08-14T23:59:59.999+07:00' });
    spec.given([...given, breached, revision, resubmitted]).when(check(sip.applicationId, '2026-08-19T09:00:00+07:00')).then([]);
  });
});

describe('an application past its deadline with deemed approval (fiktif positif)', () => {
  // TDUP: 3 working days. Verified Monday 3 August -> deadline Thursday 6 August.
  const given = [
    submitted(tdup, '2026-08-03T08:00:00+07:00'),
    event('ApplicationVerified', tdup, { verifiedAt: '2026-08-03T10:00:00+07:00', processingDays: 3, slaDeadline: '2026-08-06T23:59:59.999+07:00' }),
  ];
  // 17:00 UTC on Thursday is midnight in Jakarta: the deadline has just passed.
  const deemed = event('ApplicationDeemedApproved', tdup, { slaDeadline: '2026-08-06T23:59:59.999+07:00', detectedAt: '2026-08-06T17:00:00Z' });

  it('is approved by law the moment the deadline passes, with no SLA breach', () => {
    spec.given(given).when(check(tdup.applicationId, '2026-08-06T17:00:00Z')).then([deemed]);
  });

  it('is approved by law only once', () => {
    spec.given([...given, deemed]).when(check(tdup.applicationId, '2026-08-07T09:00:00+07:00')).then([]);
  });

  it('can no longer be rejected, approved or withdrawn once the deadline passed, even before the watcher ran', () => {
    const late = '2026-08-07T09:00:00+07:00';
    spec.given(given).when(command('RejectApplication', { applicationId: tdup.applicationId, reason: 'terlambat' }, late)).thenRejects('PERMIT.DEEMED_APPROVAL_DUE');
    spec.given(given).when(command('WithdrawApplication', { applicationId: tdup.applicationId }, late)).thenRejects('PERMIT.DEEMED_APPROVAL_DUE');
  });

  it('gets its permit issued like any approved application', () => {
    spec
      .given([...given, deemed])
      .when(command('IssuePermit', { applicationId: tdup.applicationId, permitNumber: '556/0042/TDUP/DISPAR/2026' }, '2026-08-07T09:00:00+07:00'))
      .then([event('PermitIssued', tdup, { permitNumber: '556/0042/TDUP/DISPAR/2026', issuedAt: '2026-08-07T09:00:00+07:00' })]);
  });

  it('is not approved by law before verification: the clock never started', () => {
    spec.given([given[0]]).when(check(tdup.applicationId, '2026-09-01T09:00:00+07:00')).then([]);
  });

  it('cannot be checked when it does not exist', () => {
    spec.given([]).when(check(tdup.applicationId, '2026-09-01T09:00:00+07:00')).thenRejects('PERMIT.NOT_FOUND');
  });
});
