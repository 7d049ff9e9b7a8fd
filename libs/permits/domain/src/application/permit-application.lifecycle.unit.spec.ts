import { applicant, command, documentsOf, event, sip, spec, submitted } from './permit-application.fixtures';

const MON_3_AUG = '2026-08-03T09:00:00+07:00';
const TUE_4_AUG = '2026-08-04T10:00:00+07:00';
const WED_5_AUG = '2026-08-05T11:00:00+07:00';
const DEADLINE = '2026-08-13T23:59:59.999+07:00'; // 7 working days after Tuesday 4 August

const submit = (overrides: Partial<Parameters<typeof command<'SubmitApplication'>>[1]> = {}) =>
  command('SubmitApplication', { applicationId: sip.applicationId, trackingCode: 'PLG-2026-000123', permitTypeCode: 'SIP-DOKTER', applicant, documents: documentsOf(sip), ...overrides }, MON_3_AUG, 'portal');
const verified = event('ApplicationVerified', sip, { verifiedAt: TUE_4_AUG, processingDays: 7, slaDeadline: DEADLINE });
const reviewStarted = event('ReviewStarted', sip, { officerId: 'officer-7', startedAt: WED_5_AUG });
const approved = event('ApplicationApproved', sip, { approvedBy: 'officer-7', approvedAt: WED_5_AUG });

describe('an application that does not exist yet', () => {
  it('is submitted to the agency responsible for its permit type, with the service standard of the day', () => {
    spec.given([]).when(submit()).then([submitted(sip, MON_3_AUG)]);
  });

  it('may be submitted with documents missing: the completeness check comes later', () => {
    spec.given([]).when(submit({ documents: ['ktp', 'ktp', ' str '] })).then([submitted(sip, MON_3_AUG, ['ktp', 'str'])]);
  });

  it('is refused for a permit type the city does not offer', () => {
    spec.given([]).when(submit({ permitTypeCode: 'SIUP-LAMA' })).thenRejects('PERMIT.UNKNOWN_TYPE');
  });

  it('is refused with a NIK that is not 16 digits', () => {
    spec.given([]).when(submit({ applicant: { ...applicant, nik: '16710117089' } })).thenRejects('PERMIT.INVALID_NIK');
  });

  it('is refused with an unusable phone number, e-mail or tracking code', () => {
    spec.given([]).when(submit({ applicant: { ...applicant, phone: '12345' } })).thenRejects('PERMIT.INVALID_INPUT');
    spec.given([]).when(submit({ applicant: { ...applicant, email: 'siti@' } })).thenRejects('PERMIT.INVALID_INPUT');
    spec.given([]).when(submit({ trackingCode: 'x' })).thenRejects('PERMIT.INVALID_INPUT');
  });

  it('cannot be verified, reviewed or withdrawn', () => {
    spec.given([]).when(command('VerifyApplication', { applicationId: sip.applicationId }, TUE_4_AUG)).thenRejects('PERMIT.NOT_FOUND');
    spec.given([]).when(command('WithdrawApplication', { applicationId: sip.applicationId }, TUE_4_AUG)).thenRejects('PERMIT.NOT_FOUND');
  });
});

describe('a submitted application', () => {
  const given = [submitted(sip, MON_3_AUG)];

  it('cannot be submitted twice', () => {
    spec.given(given).when(submit()).thenRejects('PERMIT.ALREADY_SUBMITTED');
  });

  it('is verified when complete, which starts the SLA clock: 7 working days after the verification day', () => {
    spec.given(given).when(command('VerifyApplication', { applicationId: sip.applicationId }, TUE_4_AUG)).then([verified]);
  });

  it('is not verified while a required document is missing', () => {
    spec
      .given([submitted(sip, MON_3_AUG, ['ktp', 'str'])])
      .when(command('VerifyApplication', { applicationId: sip.applicationId }, TUE_4_AUG))
      .thenRejects('PERMIT.DOCUMENTS_INCOMPLETE');
  });

  it('goes back to the applicant for missing documents, with no clock to pause', () => {
    spec
      .given(given)
      .when(command('RequestRevision', { applicationId: sip.applicationId, missingDocuments: ['pas-foto'], reason: 'Pas foto belum diunggah' }, TUE_4_AUG))
      .then([event('RevisionRequested', sip, { missingDocuments: ['pas-foto'], reason: 'Pas foto belum diunggah', requestedAt: TUE_4_AUG, slaClockPaused: false })]);
  });

  it('needs a reason and at least one document to ask a revision', () => {
    spec.given(given).when(command('RequestRevision', { applicationId: sip.applicationId, missingDocuments: [], reason: 'x' }, TUE_4_AUG)).thenRejects('PERMIT.INVALID_INPUT');
    spec.given(given).when(command('RequestRevision', { applicationId: sip.applicationId, missingDocuments: ['str'], reason: ' ' }, TUE_4_AUG)).thenRejects('PERMIT.INVALID_INPUT');
  });

  it('cannot be approved before it was verified and reviewed', () => {
    spec.given(given).when(command('ApproveApplication', { applicationId: sip.applicationId }, TUE_4_AUG)).thenRejects('PERMIT.INVALID_TRANSITION');
    spec.given(given).when(command('StartReview', { applicationId: sip.applicationId, officerId: 'officer-7' }, TUE_4_AUG)).thenRejects('PERMIT.INVALID_TRANSITION');
  });

  it('may be withdrawn by the applicant', () => {
    spec
      .given(given)
      .when(command('WithdrawApplication', { applicationId: sip.applicationId, reason: 'Pindah kota' }, TUE_4_AUG, 'portal'))
      .then([event('ApplicationWithdrawn', sip, { reason: 'Pindah kota', withdrawnAt: TUE_4_AUG })]);
  });
});

describe('an application awaiting revision before verification', () => {
  const given = [
    submitted(sip, MON_3_AUG, ['ktp', 'str', 'surat-keterangan-tempat-praktik']),
    event('RevisionRequested', sip, { missingDocuments: ['pas-foto'], reason: 'Pas foto belum diunggah', requestedAt: TUE_4_AUG, slaClockPaused: false }),
  ];
  const resubmit = command('ResubmitApplication', { applicationId: sip.applicationId, documents: ['pas-foto'] }, WED_5_AUG, 'portal');

  it('is resubmitted without any deadline, since the clock never started', () => {
    spec.given(given).when(resubmit).then([event('ApplicationResubmitted', sip, { documents: ['pas-foto'], resubmittedAt: WED_5_AUG, pausedWorkingDays: null, slaDeadline: null })]);
  });

  it('is complete once resubmitted, and verified from that day', () => {
    const resubmitted = event('ApplicationResubmitted', sip, { documents: ['pas-foto'], resubmittedAt: WED_5_AUG, pausedWorkingDays: null, slaDeadline: null });
    spec
      .given([...given, resubmitted])
      .when(command('VerifyApplication', { applicationId: sip.applicationId }, WED_5_AUG))
      .then([event('ApplicationVerified', sip, { verifiedAt: WED_5_AUG, processingDays: 7, slaDeadline: '2026-08-14T23:59:59.999+07:00' })]);
  });

  it('cannot be verified or approved while with the applicant', () => {
    spec.given(given).when(command('VerifyApplication', { applicationId: sip.applicationId }, WED_5_AUG)).thenRejects('PERMIT.INVALID_TRANSITION');
    spec.given(given).when(command('ApproveApplication', { applicationId: sip.applicationId }, WED_5_AUG)).thenRejects('PERMIT.INVALID_TRANSITION');
  });
});

describe('a verified application', () => {
  const given = [submitted(sip, MON_3_AUG), verified];

  it('is assigned to an officer who starts the review', () => {
    spec.given(given).when(command('StartReview', { applicationId: sip.applicationId, officerId: 'officer-7' }, WED_5_AUG)).then([reviewStarted]);
  });

  it('cannot be verified again, which would restart the clock', () => {
    spec.given(given).when(command('VerifyApplication', { applicationId: sip.applicationId }, WED_5_AUG)).thenRejects('PERMIT.INVALID_TRANSITION');
  });

  it('cannot be resubmitted when nobody asked for a revision', () => {
    spec.given(given).when(command('ResubmitApplication', { applicationId: sip.applicationId, documents: [] }, WED_5_AUG)).thenRejects('PERMIT.INVALID_TRANSITION');
  });
});

describe('an application under review', () => {
  const given = [submitted(sip, MON_3_AUG), verified, reviewStarted];

  it('is approved by the officer', () => {
    spec.given(given).when(command('ApproveApplication', { applicationId: sip.applicationId }, WED_5_AUG)).then([approved]);
  });

  it('is rejected with a reason', () => {
    spec
      .given(given)
      .when(command('RejectApplication', { applicationId: sip.applicationId, reason: 'STR tidak berlaku' }, WED_5_AUG))
      .then([event('ApplicationRejected', sip, { reason: 'STR tidak berlaku', rejectedBy: 'officer-7', rejectedAt: WED_5_AUG })]);
  });

  it('is not rejected without a reason', () => {
    spec.given(given).when(command('RejectApplication', { applicationId: sip.applicationId, reason: '' }, WED_5_AUG)).thenRejects('PERMIT.INVALID_INPUT');
  });

  it('may still be withdrawn by the applicant', () => {
    spec
      .given(given)
      .when(command('WithdrawApplication', { applicationId: sip.applicationId }, WED_5_AUG, 'portal'))
      .then([event('ApplicationWithdrawn', sip, { reason: null, withdrawnAt: WED_5_AUG })]);
  });
});

describe('an approved application', () => {
  const given = [submitted(sip, MON_3_AUG), verified, reviewStarted, approved];

  it('gets its permit issued with a number', () => {
    spec
      .given(given)
      .when(command('IssuePermit', { applicationId: sip.applicationId, permitNumber: '503/0123/SIP/DINKES/2026' }, WED_5_AUG))
      .then([event('PermitIssued', sip, { permitNumber: '503/0123/SIP/DINKES/2026', issuedAt: WED_5_AUG })]);
  });

  it('can no longer be withdrawn, rejected or sent back for revision', () => {
    spec.given(given).when(command('WithdrawApplication', { applicationId: sip.applicationId }, WED_5_AUG)).thenRejects('PERMIT.INVALID_TRANSITION');
    spec.given(given).when(command('RejectApplication', { applicationId: sip.applicationId, reason: 'x' }, WED_5_AUG)).thenRejects('PERMIT.INVALID_TRANSITION');
    spec
      .given(given)
      .when(command('RequestRevision', { applicationId: sip.applicationId, missingDocuments: ['str'], reason: 'x' }, WED_5_AUG))
      .thenRejects('PERMIT.INVALID_TRANSITION');
  });
});

describe('a finished application', () => {
  const issued = event('PermitIssued', sip, { permitNumber: '503/0123/SIP/DINKES/2026', issuedAt: WED_5_AUG });
  const withdrawn = event('ApplicationWithdrawn', sip, { reason: null, withdrawnAt: WED_5_AUG });
  const rejected = event('ApplicationRejected', sip, { reason: 'STR tidak berlaku', rejectedBy: 'officer-7', rejectedAt: WED_5_AUG });

  it('is not issued twice', () => {
    spec
      .given([submitted(sip, MON_3_AUG), verified, reviewStarted, approved, issued])
      .when(command('IssuePermit', { applicationId: sip.applicationId, permitNumber: 'again' }, WED_5_AUG))
      .thenRejects('PERMIT.INVALID_TRANSITION');
  });

  it('once withdrawn, cannot be reviewed or approved', () => {
    spec.given([submitted(sip, MON_3_AUG), withdrawn]).when(command('VerifyApplication', { applicationId: sip.applicationId }, WED_5_AUG)).thenRejects('PERMIT.INVALID_TRANSITION');
    spec.given([submitted(sip, MON_3_AUG), withdrawn]).when(command('WithdrawApplication', { applicationId: sip.applicationId }, WED_5_AUG)).thenRejects('PERMIT.INVALID_TRANSITION');
  });

  it('once rejected, gets no permit and no deadline check', () => {
    spec.given([submitted(sip, MON_3_AUG), verified, rejected]).when(command('IssuePermit', { applicationId: sip.applicationId, permitNumber: 'x' }, WED_5_AUG)).thenRejects('PERMIT.INVALID_TRANSITION');
    spec.given([submitted(sip, MON_3_AUG), verified, rejected]).when(command('CheckDeadline', { applicationId: sip.applicationId }, '2026-09-01T09:00:00+07:00', 'deadline-watcher')).then([]);
  });
});
