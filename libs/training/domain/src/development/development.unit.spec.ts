import { deciderSpecification, foldEvents } from '@palembang/events/core';
import { ParticipantCompleted } from '../cohort/cohort';
import { palembangTrainingCatalogue } from '../fixtures/palembang-catalogue';
import { sampleNip, trainingCommand } from '../fixtures/training.fixtures';
import { creditFromCompletion, creditFromXapiCredit, creditFromXapiStatement, XapiStatement } from './credit-sources';
import { developmentStreamId, JpCredited } from './development';
import { CreditJp, developmentDecider } from './development.decide';
import { CreditInput, developmentRecordOf } from './development-record';

const NIP = sampleNip(1);
const decider = developmentDecider();
const spec = deciderSpecification(decider);
const NOW = '2026-06-01T10:00:00+07:00';
const credit = (overrides: Partial<CreditJp['data']> = {}) =>
  trainingCommand('CreditJp', { nip: NIP, agencyId: 'dpmptsp', year: 2026, source: 'xapi', programId: 'prg-skm', jp: 12, reference: 'stmt-1', creditedAt: '2026-05-30T14:00:00+07:00', ...overrides }, NOW, 'bkpsdm', 'training-service');
const credited = (overrides: Partial<JpCredited['data']> = {}): JpCredited => ({
  type: 'JpCredited',
  data: { nip: NIP, agencyId: 'dpmptsp', year: 2026, source: 'xapi', programId: 'prg-skm', jp: 12, reference: 'stmt-1', creditedAt: '2026-05-30T14:00:00+07:00', recordedAt: NOW, ...overrides },
});

describe('the development record of a civil servant in a year', () => {
  const input = (programId: string, jp: number, creditedAt: string, source: 'program' | 'xapi' = 'program', nip = NIP): CreditInput => ({ nip, source, programId, jp, creditedAt, reference: `ref-${programId}` });

  it('meets the PP 17/2020 minimum at 20 JP, not below', () => {
    expect(developmentRecordOf(NIP, 2026, [input('a', 12, '2026-03-04T16:00:00+07:00'), input('b', 7, '2026-05-01T10:00:00+07:00')])).toMatchObject({ jpEarned: 19, minimumJp: 20, met: false, remainingJp: 1 });
    const record = developmentRecordOf(NIP, 2026, [input('a', 12, '2026-03-04T16:00:00+07:00'), input('b', 8, '2026-05-01T10:00:00+07:00')]);
    expect(record).toEqual({
      nip: NIP, year: 2026, jpEarned: 20, minimumJp: 20, met: true, remainingJp: 0,
      credits: [
        { source: 'program', programId: 'a', jp: 12, creditedAt: '2026-03-04T16:00:00+07:00', reference: 'ref-a', duplicate: false },
        { source: 'program', programId: 'b', jp: 8, creditedAt: '2026-05-01T10:00:00+07:00', reference: 'ref-b', duplicate: false },
      ],
    });
  });

  it('counts by the Asia/Jakarta year: 31 December 23:30 +07:00 belongs to that year, 1 January 00:30 +07:00 to the next', () => {
    const credits = [input('a', 24, '2026-12-31T23:30:00+07:00'), input('b', 16, '2027-01-01T00:30:00+07:00'), input('c', 8, '2026-12-31T17:30:00Z')];
    expect(developmentRecordOf(NIP, 2026, credits)).toMatchObject({ jpEarned: 24, met: true });
    expect(developmentRecordOf(NIP, 2027, credits)).toMatchObject({ jpEarned: 24, met: true, credits: [{ programId: 'b' }, { programId: 'c' }] });
  });

  it('counts a program once a year: a second credit of it counts 0, whichever source it came from', () => {
    const record = developmentRecordOf(NIP, 2026, [input('a', 12, '2026-08-01T10:00:00+07:00', 'xapi'), input('a', 12, '2026-03-01T10:00:00+07:00'), input('a', 12, '2026-03-01T10:00:00+07:00')]);
    expect(record.jpEarned).toBe(12);
    expect(record.credits.map((entry) => [entry.source, entry.jp, entry.duplicate])).toEqual([['program', 12, false], ['program', 0, true], ['xapi', 0, true]]);
  });

  it("ignores other civil servants' credits and credits without JP", () => {
    expect(developmentRecordOf(NIP, 2026, [input('a', 12, '2026-03-01T10:00:00+07:00', 'program', sampleNip(2)), input('b', 0, '2026-03-01T10:00:00+07:00')])).toMatchObject({ jpEarned: 0, remainingJp: 20, credits: [] });
  });

  it('counts the same program again the next year', () => {
    const credits = [input('a', 12, '2026-03-01T10:00:00+07:00'), input('a', 12, '2027-03-01T10:00:00+07:00')];
    expect(developmentRecordOf(NIP, 2027, credits).jpEarned).toBe(12);
  });
});

describe('crediting JP on the stream development-<nip>-<year>', () => {
  it('names the stream by NIP and year', () => {
    expect(developmentStreamId(NIP, 2026)).toBe(`development-${NIP}-2026`);
  });

  it('records a credit', () => {
    spec.given([]).when(credit()).then([credited()]);
    expect(foldEvents(decider, [credited(), credited({ programId: 'prg-ppbd', jp: 24, reference: 'coh-1', source: 'program' })])).toMatchObject({ status: 'recording', jpEarned: 36 });
  });

  it('is idempotent per reference: a retried statement records nothing', () => {
    spec.given([credited()]).when(credit()).then([]);
    spec.given([credited()]).when(credit({ programId: 'prg-ppbd', jp: 24 })).then([]);
  });

  it('is idempotent per program: another statement or a cohort for a program already credited records nothing', () => {
    spec.given([credited()]).when(credit({ reference: 'stmt-2' })).then([]);
    spec.given([credited()]).when(credit({ reference: 'coh-skm-1', source: 'program' })).then([]);
    spec.given([credited()]).when(credit({ reference: 'stmt-3', programId: 'prg-ppbd', jp: 24 })).then([credited({ reference: 'stmt-3', programId: 'prg-ppbd', jp: 24 })]);
  });

  it('takes the year from the completion time in Jakarta', () => {
    spec.given([]).when(credit({ creditedAt: '2026-12-31T23:30:00+07:00' })).then([credited({ creditedAt: '2026-12-31T23:30:00+07:00' })]);
    spec.given([]).when(credit({ creditedAt: '2025-12-31T17:00:00Z' })).then([credited({ creditedAt: '2025-12-31T17:00:00Z' })]);
    spec.given([]).when(credit({ creditedAt: '2025-12-31T16:59:59Z' })).thenRejects('DEVELOPMENT.INVALID_INPUT');
  });

  it('refuses invalid credits', () => {
    for (const overrides of [{ nip: '123' }, { year: 1999 }, { source: 'book' as never }, { programId: '' }, { jp: 0 }, { jp: 401 }, { reference: ' ' }, { creditedAt: '2026-05-30' }, { agencyId: '' }, { agencyId: 'Not An Agency' }]) {
      spec.given([]).when(credit(overrides)).thenRejects('DEVELOPMENT.INVALID_INPUT');
    }
  });

  it("refuses a credit of another civil servant or year on this record's stream", () => {
    spec.given([credited()]).when(credit({ nip: sampleNip(2), reference: 'x', programId: 'y' })).thenRejects('DEVELOPMENT.INVALID_TRANSITION');
  });
});

describe('where credits come from', () => {
  const completion = (passed: boolean): ParticipantCompleted => ({
    type: 'ParticipantCompleted',
    data: { cohortId: 'coh-1', agencyId: 'bkpsdm', programId: 'prg-ppbd', enrolmentId: 'e', nip: NIP, employerAgencyId: 'dpmptsp', score: 80, passed, certificateNumber: passed ? 'S' : null, jp: passed ? 24 : 0, year: 2026, completedAt: '2026-12-31T23:30:00+07:00' },
  });

  it('a passed cohort completion credits the program, referenced by the cohort', () => {
    expect(creditFromCompletion(completion(true))).toEqual({ nip: NIP, agencyId: 'dpmptsp', year: 2026, source: 'program', programId: 'prg-ppbd', jp: 24, reference: 'coh-1', creditedAt: '2026-12-31T23:30:00+07:00' });
    expect(creditFromCompletion(completion(false))).toBeUndefined();
  });

  const statement: XapiStatement = {
    id: '6f1b2c1e-0d1e-4b5c-9a7f-2d3e4f5a6b7c',
    actor: { account: { homePage: 'https://lms.palembang.go.id', name: NIP } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
    object: { id: 'https://lms.palembang.go.id/xapi/activities/adkp-01-capstone' },
    result: { completion: true, success: true },
    timestamp: '2026-04-10T15:00:00+07:00',
  };
  const catalogue = palembangTrainingCatalogue();
  const register = (nip: string) => (nip === NIP ? 'dpmptsp' : undefined);

  it('an xAPI completion on a mapped activity credits its program, referenced by the statement', () => {
    expect(creditFromXapiStatement(statement, catalogue, register)).toEqual({
      credit: { nip: NIP, agencyId: 'dpmptsp', year: 2026, source: 'xapi', programId: 'prg-data-kinerja', jp: 20, reference: statement.id, creditedAt: statement.timestamp },
    });
  });

  it('other statements credit nothing, saying why', () => {
    expect(creditFromXapiStatement({ ...statement, verb: { id: 'http://adlnet.gov/expapi/verbs/attempted' } }, catalogue, register)).toHaveProperty('ignored');
    expect(creditFromXapiStatement({ ...statement, result: { success: false } }, catalogue, register)).toHaveProperty('ignored');
    expect(creditFromXapiStatement({ ...statement, actor: { account: { homePage: 'x', name: 'budi' } } }, catalogue, register)).toHaveProperty('ignored');
    expect(creditFromXapiStatement({ ...statement, object: { id: 'https://lms.palembang.go.id/xapi/activities/unknown' } }, catalogue, register)).toHaveProperty('ignored');
    expect(creditFromXapiStatement({ ...statement, timestamp: 'yesterday' }, catalogue, register)).toHaveProperty('ignored');
    expect(creditFromXapiStatement({ ...statement, actor: { account: { homePage: 'x', name: sampleNip(9) } } }, catalogue, register)).toEqual({ ignored: 'the civil servant is not in the register' });
  });

  it('a statement delivered twice, and a cohort of the same program, count once in the record', () => {
    const first = creditFromXapiStatement(statement, catalogue, register);
    if (!('credit' in first)) throw new Error('expected a credit');
    const command = trainingCommand('CreditJp', first.credit, NOW, 'bkpsdm');
    const events = decider.decide(command, decider.initialState()) as JpCredited[];
    spec.given(events).when(command).then([]);
    spec.given(events).when(trainingCommand('CreditJp', { ...first.credit, source: 'program', reference: 'coh-adkp-1' }, NOW, 'bkpsdm')).then([]);
    expect(developmentRecordOf(NIP, 2026, events.map((event) => event.data))).toMatchObject({ jpEarned: 20, met: true });
  });
});

describe('revoking a credit', () => {
  const revoke = (reference = 'stmt-1', reason = 'statement voided') => trainingCommand('RevokeJpCredit', { nip: NIP, year: 2026, reference, reason }, '2026-06-02T10:00:00+07:00', 'bkpsdm');
  const revoked = { type: 'JpCreditRevoked' as const, data: { nip: NIP, year: 2026, agencyId: 'dpmptsp', source: 'xapi' as const, programId: 'prg-skm', jp: 12, reference: 'stmt-1', reason: 'statement voided', revokedAt: '2026-06-02T10:00:00+07:00' } };

  it('withdraws the JP of a voided statement', () => {
    spec.given([credited()]).when(revoke()).then([revoked]);
    expect(foldEvents(decider, [credited(), revoked])).toMatchObject({ jpEarned: 0, credits: [], revokedReferences: ['stmt-1'] });
  });

  it('records nothing for a reference that credited nothing or was already revoked', () => {
    spec.given([]).when(revoke()).then([]);
    spec.given([credited()]).when(revoke('stmt-9')).then([]);
    spec.given([credited(), revoked]).when(revoke()).then([]);
  });

  it('lets another statement credit the program again, but never the revoked one', () => {
    spec.given([credited(), revoked]).when(credit()).then([]);
    spec.given([credited(), revoked]).when(credit({ reference: 'stmt-2' })).then([credited({ reference: 'stmt-2' })]);
  });

  it('needs a reason, a valid NIP and the right stream', () => {
    spec.given([credited()]).when(revoke('stmt-1', ' ')).thenRejects('DEVELOPMENT.INVALID_INPUT');
    spec.given([credited()]).when(revoke('')).thenRejects('DEVELOPMENT.INVALID_INPUT');
    spec.given([credited()]).when({ ...revoke(), data: { ...revoke().data, nip: '1' } }).thenRejects('DEVELOPMENT.INVALID_INPUT');
    spec.given([credited()]).when({ ...revoke(), data: { ...revoke().data, year: 2027 } }).thenRejects('DEVELOPMENT.INVALID_TRANSITION');
  });

  it('adapts the credits reported by the xAPI library, in the Jakarta year', () => {
    expect(creditFromXapiCredit({ nip: NIP, programId: 'prg-skm', jp: 12, statementId: 'stmt-7', completedAt: '2026-12-31T16:30:00.000Z' }, 'dpmptsp')).toEqual({
      nip: NIP, agencyId: 'dpmptsp', year: 2026, source: 'xapi', programId: 'prg-skm', jp: 12, reference: 'stmt-7', creditedAt: '2026-12-31T16:30:00.000Z',
    });
  });
});
