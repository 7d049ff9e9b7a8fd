import { foldEvents, isRejection } from '@palembang/events/core';
import { Complaint, ComplaintEvent } from './complaint';
import { ComplaintCommand } from './complaint.commands';
import { complaintCommand, complaintEvent, sampleSubmission } from './complaint.fixtures';
import {
  decider, endOf, FRI_21_AUG, KTP, KTP_AT_DUKCAPIL, ktpAccepted, ktpDisputed, ktpResolved, ktpSubmitted, ktpUpdate, ktpVerified,
  LIGHT, LIGHT_AT_PUPR, lightDeclined, lightRerouted, lightSubmitted, lightVerified, MON_24_AUG, spec, THU_20_AUG, TUE_18_AUG, WED_19_AUG, WED_26_AUG,
} from './complaint.test-kit';

const DESK = 'dinas-kominfo';
const ktp = { complaintId: KTP.complaintId };
const light = { complaintId: LIGHT.complaintId };

describe('a received complaint', () => {
  it('is verified by the desk and routed to the agency of its category with that category\'s follow-up deadline', () => {
    spec.given([ktpSubmitted]).when(complaintCommand('VerifyComplaint', ktp, TUE_18_AUG)).then([ktpVerified]);
  });

  it('may be routed elsewhere or followed up differently when the desk decides so: a field examination takes 60 working days', () => {
    spec
      .given([ktpSubmitted])
      .when(complaintCommand('VerifyComplaint', { ...ktp, agencyId: 'inspektorat', followUpKind: 'field-examination' }, TUE_18_AUG))
      .then([complaintEvent('ComplaintVerified', KTP, { agencyId: 'inspektorat', followUpKind: 'field-examination', followUpDays: 60, verifiedAt: TUE_18_AUG, followUpDeadline: endOf('2026-11-11') })]);
  });

  it('is answered within the standard 5 working days when it is an information request, whatever its category', () => {
    const request = { ...LIGHT, intakeType: 'information-request' as const };
    const submitted = { ...lightSubmitted, data: { ...lightSubmitted.data, intakeType: 'information-request' as const } };
    spec
      .given([submitted])
      .when(complaintCommand('VerifyComplaint', light, TUE_18_AUG))
      .then([complaintEvent('ComplaintVerified', request, { agencyId: 'dinas-perhubungan', followUpKind: 'standard', followUpDays: 5, verifiedAt: TUE_18_AUG, followUpDeadline: endOf('2026-08-26') })]);
  });

  it('is verified and routed by the desk only, never to the desk itself', () => {
    spec.given([ktpSubmitted]).when(complaintCommand('VerifyComplaint', ktp, TUE_18_AUG, 'disdukcapil')).thenRejects('COMPLAINT.FORBIDDEN');
    spec.given([ktpSubmitted]).when(complaintCommand('VerifyComplaint', { ...ktp, agencyId: DESK }, TUE_18_AUG)).thenRejects('COMPLAINT.INVALID_INPUT');
    spec.given([ktpSubmitted]).when(complaintCommand('VerifyComplaint', { ...ktp, followUpKind: 'urgent' as never }, TUE_18_AUG)).thenRejects('COMPLAINT.INVALID_INPUT');
    spec.given([ktpSubmitted]).when(complaintCommand('VerifyComplaint', { ...ktp, agencyId: '' }, TUE_18_AUG)).thenRejects('COMPLAINT.INVALID_INPUT');
  });

  it('is archived as a duplicate of another complaint', () => {
    spec
      .given([ktpSubmitted])
      .when(complaintCommand('ArchiveComplaint', { ...ktp, reason: 'duplicate', note: 'Sudah dilaporkan sebelumnya.', duplicateOf: 'cmp-ktp-0' }, TUE_18_AUG))
      .then([complaintEvent('ComplaintArchived', KTP, { reason: 'duplicate', note: 'Sudah dilaporkan sebelumnya.', duplicateOf: 'cmp-ktp-0', archivedAt: TUE_18_AUG })]);
  });

  it('is archived as invalid with a note and no other complaint named', () => {
    spec
      .given([ktpSubmitted])
      .when(complaintCommand('ArchiveComplaint', { ...ktp, reason: 'invalid', note: 'Laporan tidak memuat kejadian yang dapat ditindaklanjuti.', duplicateOf: null }, TUE_18_AUG))
      .then([complaintEvent('ComplaintArchived', KTP, { reason: 'invalid', note: 'Laporan tidak memuat kejadian yang dapat ditindaklanjuti.', duplicateOf: null, archivedAt: TUE_18_AUG })]);
  });

  it('names the complaint it duplicates, which is not itself, and only when it is a duplicate', () => {
    const archive = (data: { reason: 'invalid' | 'duplicate'; note: string; duplicateOf: string | null }) => complaintCommand('ArchiveComplaint', { ...ktp, ...data }, TUE_18_AUG);
    spec.given([ktpSubmitted]).when(archive({ reason: 'duplicate', note: 'sama', duplicateOf: null })).thenRejects('COMPLAINT.INVALID_INPUT');
    spec.given([ktpSubmitted]).when(archive({ reason: 'duplicate', note: 'sama', duplicateOf: KTP.complaintId })).thenRejects('COMPLAINT.INVALID_INPUT');
    spec.given([ktpSubmitted]).when(archive({ reason: 'invalid', note: 'tidak jelas', duplicateOf: 'cmp-ktp-0' })).thenRejects('COMPLAINT.INVALID_INPUT');
    spec.given([ktpSubmitted]).when(archive({ reason: 'invalid', note: ' ', duplicateOf: null })).thenRejects('COMPLAINT.INVALID_INPUT');
    spec.given([ktpSubmitted]).when(archive({ reason: 'spam' as never, note: 'x', duplicateOf: null })).thenRejects('COMPLAINT.INVALID_INPUT');
  });

  it('is archived by the desk only', () => {
    spec
      .given([ktpSubmitted])
      .when(complaintCommand('ArchiveComplaint', { ...ktp, reason: 'invalid', note: 'x', duplicateOf: null }, TUE_18_AUG, 'disdukcapil'))
      .thenRejects('COMPLAINT.FORBIDDEN');
  });
});

describe('a complaint routed to an agency', () => {
  const given = [ktpSubmitted, ktpVerified];

  it('is accepted by that agency, keeping its deadline', () => {
    spec.given(given).when(complaintCommand('AcceptComplaint', ktp, WED_19_AUG, 'disdukcapil')).then([ktpAccepted]);
  });

  it('is not accepted, declined or updated by any other agency', () => {
    spec.given(given).when(complaintCommand('AcceptComplaint', ktp, WED_19_AUG, 'dinas-sosial')).thenRejects('COMPLAINT.FORBIDDEN');
    spec.given(given).when(complaintCommand('AcceptComplaint', ktp, WED_19_AUG, DESK)).thenRejects('COMPLAINT.FORBIDDEN');
    spec.given(given).when(complaintCommand('DeclineAuthority', { ...ktp, reason: 'x' }, WED_19_AUG, 'dinas-sosial')).thenRejects('COMPLAINT.FORBIDDEN');
    spec.given(given).when(complaintCommand('PostPublicUpdate', { ...ktp, message: 'x' }, WED_19_AUG, 'dinas-sosial')).thenRejects('COMPLAINT.FORBIDDEN');
  });

  it('may get a public update before it is accepted', () => {
    spec
      .given(given)
      .when(complaintCommand('PostPublicUpdate', { ...ktp, message: 'Laporan sedang dipelajari.' }, WED_19_AUG, 'disdukcapil'))
      .then([complaintEvent('PublicUpdatePosted', KTP_AT_DUKCAPIL, { message: 'Laporan sedang dipelajari.', postedAt: WED_19_AUG })]);
  });

  it('cannot be resolved before it is accepted', () => {
    spec.given(given).when(complaintCommand('ResolveComplaint', { ...ktp, response: 'selesai' }, WED_19_AUG, 'disdukcapil')).thenRejects('COMPLAINT.INVALID_TRANSITION');
  });
});

describe('a complaint that is not the authority of the agency it was routed to', () => {
  it('goes back to the desk, which has 3 working days to reroute it', () => {
    spec
      .given([lightSubmitted, lightVerified])
      .when(complaintCommand('DeclineAuthority', { ...light, reason: 'Lampu jalan lingkungan dikelola Dinas PUPR.' }, FRI_21_AUG, 'dinas-perhubungan'))
      .then([lightDeclined]);
  });

  it('needs a reason to be declined', () => {
    spec.given([lightSubmitted, lightVerified]).when(complaintCommand('DeclineAuthority', { ...light, reason: ' ' }, FRI_21_AUG, 'dinas-perhubungan')).thenRejects('COMPLAINT.INVALID_INPUT');
  });

  it('is rerouted by the desk to another agency with a fresh follow-up deadline', () => {
    spec.given([lightSubmitted, lightVerified, lightDeclined]).when(complaintCommand('RerouteComplaint', { ...light, agencyId: 'dinas-pupr' }, MON_24_AUG)).then([lightRerouted]);
  });

  it('is not rerouted to the agency that declined it, nor by anyone but the desk', () => {
    const given = [lightSubmitted, lightVerified, lightDeclined];
    spec.given(given).when(complaintCommand('RerouteComplaint', { ...light, agencyId: 'dinas-perhubungan' }, MON_24_AUG)).thenRejects('COMPLAINT.SAME_AGENCY');
    spec.given(given).when(complaintCommand('RerouteComplaint', { ...light, agencyId: DESK }, MON_24_AUG)).thenRejects('COMPLAINT.INVALID_INPUT');
    spec.given(given).when(complaintCommand('RerouteComplaint', { ...light, agencyId: undefined as never }, MON_24_AUG)).thenRejects('COMPLAINT.INVALID_INPUT');
    spec.given(given).when(complaintCommand('VerifyComplaint', { ...light, agencyId: '' }, MON_24_AUG)).thenRejects('COMPLAINT.INVALID_TRANSITION');
    spec.given(given).when(complaintCommand('RerouteComplaint', { ...light, agencyId: 'dinas-pupr' }, MON_24_AUG, 'dinas-perhubungan')).thenRejects('COMPLAINT.FORBIDDEN');
  });

  it('is handled by the new agency only', () => {
    const given = [lightSubmitted, lightVerified, lightDeclined, lightRerouted];
    spec.given(given).when(complaintCommand('AcceptComplaint', light, MON_24_AUG, 'dinas-perhubungan')).thenRejects('COMPLAINT.FORBIDDEN');
    spec
      .given(given)
      .when(complaintCommand('AcceptComplaint', light, MON_24_AUG, 'dinas-pupr'))
      .then([complaintEvent('ComplaintAccepted', LIGHT_AT_PUPR, { acceptedAt: MON_24_AUG, followUpDeadline: endOf('2026-09-14') })]);
  });
});

describe('a complaint in progress', () => {
  const given = [ktpSubmitted, ktpVerified, ktpAccepted];

  it('gets public updates, its status unchanged', () => {
    spec.given(given).when(complaintCommand('PostPublicUpdate', { ...ktp, message: ktpUpdate.data.message }, THU_20_AUG, 'disdukcapil')).then([ktpUpdate]);
  });

  it('is resolved with a response, to close by itself 10 working days later unless the reporter reacts', () => {
    spec.given([...given, ktpUpdate]).when(complaintCommand('ResolveComplaint', { ...ktp, response: ktpResolved.data.response }, MON_24_AUG, 'disdukcapil')).then([ktpResolved]);
  });

  it('records a late resolution as such', () => {
    spec
      .given(given)
      .when(complaintCommand('ResolveComplaint', { ...ktp, response: 'Sudah dicetak.' }, '2026-08-27T08:00:00+07:00', 'disdukcapil'))
      .then([complaintEvent('ComplaintResolved', KTP_AT_DUKCAPIL, { response: 'Sudah dicetak.', resolvedAt: '2026-08-27T08:00:00+07:00', followUpDeadline: endOf('2026-08-26'), withinDeadline: false, autoCloseAt: endOf('2026-09-10'), autoCloseWorkingDays: 10 })]);
  });

  it('needs a response, resolved by the agency responsible only', () => {
    spec.given(given).when(complaintCommand('ResolveComplaint', { ...ktp, response: '' }, MON_24_AUG, 'disdukcapil')).thenRejects('COMPLAINT.INVALID_INPUT');
    spec.given(given).when(complaintCommand('ResolveComplaint', { ...ktp, response: 'selesai' }, MON_24_AUG, DESK)).thenRejects('COMPLAINT.FORBIDDEN');
  });
});

describe('a resolved complaint', () => {
  const given = [ktpSubmitted, ktpVerified, ktpAccepted, ktpUpdate, ktpResolved];

  it('is closed when the reporter confirms the resolution', () => {
    spec.given(given).when(complaintCommand('ConfirmResolution', ktp, WED_26_AUG, 'portal')).then([complaintEvent('ResolutionConfirmed', KTP_AT_DUKCAPIL, { confirmedAt: WED_26_AUG })]);
  });

  it('is reopened when the reporter disputes the resolution, with a fresh deadline of the same kind', () => {
    spec.given(given).when(complaintCommand('DisputeResolution', { ...ktp, reason: ktpDisputed.data.reason }, WED_26_AUG, 'portal')).then([ktpDisputed]);
  });

  it('counts the reopenings', () => {
    const resolvedAgain = complaintEvent('ComplaintResolved', KTP_AT_DUKCAPIL, { ...ktpResolved.data, resolvedAt: '2026-08-31T09:00:00+07:00', autoCloseAt: endOf('2026-09-14') });
    spec
      .given([...given, ktpDisputed, resolvedAgain])
      .when(complaintCommand('DisputeResolution', { ...ktp, reason: 'Masih belum ada.' }, '2026-09-01T09:00:00+07:00', 'portal'))
      .then([complaintEvent('ResolutionDisputed', KTP_AT_DUKCAPIL, { reason: 'Masih belum ada.', disputedAt: '2026-09-01T09:00:00+07:00', reopenCount: 2, followUpKind: 'standard', followUpDeadline: endOf('2026-09-08') })]);
  });

  it('needs a reason to be disputed', () => {
    spec.given(given).when(complaintCommand('DisputeResolution', { ...ktp, reason: '' }, WED_26_AUG, 'portal')).thenRejects('COMPLAINT.INVALID_INPUT');
  });

  it('can no longer be confirmed or disputed once its auto-close date passed, even before the watcher ran', () => {
    const late = '2026-09-09T08:00:00+07:00';
    spec.given(given).when(complaintCommand('ConfirmResolution', ktp, late, 'portal')).thenRejects('COMPLAINT.AUTO_CLOSE_DUE');
    spec.given(given).when(complaintCommand('DisputeResolution', { ...ktp, reason: 'belum' }, late, 'portal')).thenRejects('COMPLAINT.AUTO_CLOSE_DUE');
  });

  it('goes through the whole lifecycle again after a reopening', () => {
    const reopened = [...given, ktpDisputed];
    spec
      .given(reopened)
      .when(complaintCommand('ResolveComplaint', { ...ktp, response: 'Sudah diserahkan langsung.' }, '2026-08-28T09:00:00+07:00', 'disdukcapil'))
      .then([complaintEvent('ComplaintResolved', KTP_AT_DUKCAPIL, { response: 'Sudah diserahkan langsung.', resolvedAt: '2026-08-28T09:00:00+07:00', followUpDeadline: endOf('2026-09-02'), withinDeadline: true, autoCloseAt: endOf('2026-09-11'), autoCloseWorkingDays: 10 })]);
  });
});

describe('every command not allowed in a status', () => {
  const archived = complaintEvent('ComplaintArchived', KTP, { reason: 'invalid', note: 'x', duplicateOf: null, archivedAt: TUE_18_AUG });
  const confirmed = complaintEvent('ResolutionConfirmed', KTP_AT_DUKCAPIL, { confirmedAt: WED_26_AUG });
  const histories = {
    received: [ktpSubmitted],
    archived: [ktpSubmitted, archived],
    routed: [ktpSubmitted, ktpVerified],
    'awaiting-reroute': [lightSubmitted, lightVerified, lightDeclined],
    'in-progress': [ktpSubmitted, ktpVerified, ktpAccepted],
    resolved: [ktpSubmitted, ktpVerified, ktpAccepted, ktpResolved],
    closed: [ktpSubmitted, ktpVerified, ktpAccepted, ktpResolved, confirmed],
  } as const;
  type Status = keyof typeof histories;
  const allowed: Record<string, readonly Status[]> = {
    VerifyComplaint: ['received'],
    ArchiveComplaint: ['received'],
    AcceptComplaint: ['routed'],
    DeclineAuthority: ['routed'],
    RerouteComplaint: ['awaiting-reroute'],
    PostPublicUpdate: ['routed', 'in-progress'],
    ResolveComplaint: ['in-progress'],
    ConfirmResolution: ['resolved'],
    DisputeResolution: ['resolved'],
  };
  const commandIn = (type: string, status: Status) => {
    const history = histories[status];
    const complaintId = history[0].data.complaintId;
    const now = FRI_21_AUG;
    const agency = history[history.length - 1].data.agencyId;
    switch (type) {
      case 'VerifyComplaint': return complaintCommand('VerifyComplaint', { complaintId }, now);
      case 'ArchiveComplaint': return complaintCommand('ArchiveComplaint', { complaintId, reason: 'invalid', note: 'x', duplicateOf: null }, now);
      case 'AcceptComplaint': return complaintCommand('AcceptComplaint', { complaintId }, now, agency);
      case 'DeclineAuthority': return complaintCommand('DeclineAuthority', { complaintId, reason: 'bukan kewenangan' }, now, agency);
      case 'RerouteComplaint': return complaintCommand('RerouteComplaint', { complaintId, agencyId: 'dinas-sosial' }, now);
      case 'PostPublicUpdate': return complaintCommand('PostPublicUpdate', { complaintId, message: 'kabar' }, now, agency);
      case 'ResolveComplaint': return complaintCommand('ResolveComplaint', { complaintId, response: 'selesai' }, now, agency);
      case 'ConfirmResolution': return complaintCommand('ConfirmResolution', { complaintId }, now, 'portal');
      default: return complaintCommand('DisputeResolution', { complaintId, reason: 'belum' }, now, 'portal');
    }
  };

  for (const [type, statuses] of Object.entries(allowed)) {
    for (const status of Object.keys(histories) as Status[]) {
      if (statuses.includes(status)) continue;
      it(`refuses ${type} while ${status}`, () => {
        spec.given(histories[status]).when(commandIn(type, status)).thenRejects('COMPLAINT.INVALID_TRANSITION');
      });
    }
  }

  it('accepts each command in the statuses that allow it', () => {
    for (const [type, statuses] of Object.entries(allowed)) {
      for (const status of statuses) {
        const decision = decider.decide(commandIn(type, status), foldEvents(decider, histories[status]));
        expect([type, status, isRejection(decision) ? decision.code : 'accepted']).toEqual([type, status, 'accepted']);
      }
    }
  });
});

describe('a complaint from submission to closing', () => {
  /** Decides each command on the state its predecessors left, as the service does. */
  function run(commands: readonly ComplaintCommand[]): { events: ComplaintEvent[]; state: Complaint } {
    let state = decider.initialState();
    const events: ComplaintEvent[] = [];
    for (const command of commands) {
      const decision = decider.decide(command, state);
      if (isRejection(decision)) throw new Error(`${command.type} rejected: ${decision.code} ${decision.message}`);
      events.push(...decision);
      state = decision.reduce(decider.evolve, state);
    }
    return { events, state };
  }

  it('is rerouted, resolved, disputed, resolved again and confirmed', () => {
    const { events, state } = run([
      complaintCommand('SubmitComplaint', sampleSubmission(LIGHT), '2026-08-14T10:00:00+07:00', DESK, 'portal'),
      complaintCommand('VerifyComplaint', light, TUE_18_AUG),
      complaintCommand('DeclineAuthority', { ...light, reason: 'Bukan kewenangan' }, FRI_21_AUG, 'dinas-perhubungan'),
      complaintCommand('RerouteComplaint', { ...light, agencyId: 'dinas-pupr' }, MON_24_AUG),
      complaintCommand('AcceptComplaint', light, WED_26_AUG, 'dinas-pupr'),
      complaintCommand('ResolveComplaint', { ...light, response: 'Lampu sudah diganti.' }, '2026-08-28T09:00:00+07:00', 'dinas-pupr'),
      complaintCommand('DisputeResolution', { ...light, reason: 'Masih padam.' }, '2026-08-31T09:00:00+07:00', 'portal'),
      complaintCommand('PostPublicUpdate', { ...light, message: 'Kabel diperiksa ulang.' }, '2026-09-01T09:00:00+07:00', 'dinas-pupr'),
      complaintCommand('ResolveComplaint', { ...light, response: 'Kabel diganti, lampu menyala.' }, '2026-09-02T09:00:00+07:00', 'dinas-pupr'),
      complaintCommand('ConfirmResolution', light, '2026-09-03T09:00:00+07:00', 'portal'),
    ]);
    expect(events.map((event) => [event.type, event.data.agencyId])).toEqual([
      ['ComplaintSubmitted', DESK],
      ['ComplaintVerified', 'dinas-perhubungan'],
      ['AuthorityDeclined', DESK],
      ['ComplaintRerouted', 'dinas-pupr'],
      ['ComplaintAccepted', 'dinas-pupr'],
      ['ComplaintResolved', 'dinas-pupr'],
      ['ResolutionDisputed', 'dinas-pupr'],
      ['PublicUpdatePosted', 'dinas-pupr'],
      ['ComplaintResolved', 'dinas-pupr'],
      ['ResolutionConfirmed', 'dinas-pupr'],
    ]);
    expect(state).toMatchObject({ status: 'closed', closedBy: 'citizen', agencyId: 'dinas-pupr', reopenCount: 1 });
  });

  it('is archived as a duplicate right after submission', () => {
    const { state } = run([
      complaintCommand('SubmitComplaint', sampleSubmission(KTP), '2026-08-14T10:00:00+07:00', DESK, 'portal'),
      complaintCommand('ArchiveComplaint', { ...ktp, reason: 'duplicate', note: 'Sama dengan laporan LPR-2026-CMP-KTP-0.', duplicateOf: 'cmp-ktp-0' }, TUE_18_AUG),
    ]);
    expect(state).toMatchObject({ status: 'archived', reason: 'duplicate', duplicateOf: 'cmp-ktp-0', agencyId: DESK });
  });
});
