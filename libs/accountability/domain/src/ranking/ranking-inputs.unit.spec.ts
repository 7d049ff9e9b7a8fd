import { ComplaintCaseFacts } from '../complaints/complaint-facts';
import { periodRange } from '../periods/period';
import { PermitCaseFacts } from '../permits/permit-facts';
import { rankAgencies } from './ranking';
import { AgencyRankingFacts, rankingInputsOf } from './ranking-inputs';

const NOVEMBER = periodRange('2026-11');
const NOW = '2026-11-30T12:00:00+07:00';

const application = (applicationId: string, agencyId: string, change: Partial<PermitCaseFacts> = {}): PermitCaseFacts => ({
  applicationId, agencyId, permitTypeCode: 'TDUP', submittedAt: '2026-11-02T09:00:00+07:00',
  verifiedAt: '2026-11-03T09:00:00+07:00', decidedAt: null, decision: null, issuedAt: null,
  processingDays: 5, slaDeadline: '2026-11-10T23:59:59+07:00', pausedWorkingDays: 0, pausedSince: null,
  workingDaysToDecision: null, withinStandard: null, slaBreached: false, slaBreachedAt: null, version: 2,
  ...change,
});
const approvedInTime = (applicationId: string, agencyId: string): PermitCaseFacts =>
  application(applicationId, agencyId, { decision: 'approved', decidedAt: '2026-11-05T10:00:00+07:00', workingDaysToDecision: 2, withinStandard: true });

const complaint = (complaintId: string, change: Partial<ComplaintCaseFacts> = {}): ComplaintCaseFacts => ({
  complaintId, agencyId: 'dinas-pariwisata', categoryCode: 'WISATA', intakeType: 'web', receivedAt: '2026-11-02T09:00:00+07:00',
  verificationDeadline: '2026-11-05T23:59:59+07:00', verifiedAt: null, archivedAt: null, verifiedWithinDeadline: null, routedAt: null,
  firstResponseAt: null, firstResponseWorkingDays: null, firstResolvedAt: null, resolvedAt: null, resolutionWorkingDays: null,
  resolvedWithinDeadline: null, followUpDeadline: null, closedAt: null, reopenCount: 0, escalations: [], version: 1,
  ...change,
});

const agencyFacts = (agencyId: string, permits: PermitCaseFacts[], complaints: ComplaintCaseFacts[] = []): AgencyRankingFacts => ({
  agencyId, permits, complaints, satisfaction: null, training: { meeting20Jp: 0, civilServants: 0 },
});

describe('pending cases past their deadline, in the ranking inputs', () => {
  // The tourism office: 1,700 applications received in November, verified, deadline 10 November; one approved in time, 1,699 still undecided on the 30th.
  const tourism = agencyFacts('dinas-pariwisata', [approvedInTime('T-0', 'dinas-pariwisata'), ...Array.from({ length: 1699 }, (_, index) => application(`T-${index + 1}`, 'dinas-pariwisata'))]);

  it('counts the 1,699 undecided past deadline as failures of the permits share and as the backlog past deadline', () => {
    const inputs = rankingInputsOf(tourism, NOVEMBER, NOW);
    // permits: 1 within standard / (1 measured + 1,699 past deadline); backlog: 1 closed / (1 closed + 1,699 overdue).
    expect(inputs.components).toEqual({ permits: { share: 1 / 1700, cases: 1700 }, backlog: { share: 1 / 1700, cases: 1700 }, complaints: null, satisfaction: null, training: null });
  });

  it('ranks the tourism office last of the agencies with data instead of second at 100%, and the one-component agency not at all', () => {
    // Without pending failures the office had 1 of 1 within standard (100%).
    const steady = agencyFacts('dinas-pupr', [
      ...Array.from({ length: 8 }, (_, index) => approvedInTime(`P-${index}`, 'dinas-pupr')),
      ...Array.from({ length: 2 }, (_, index) => application(`P-late-${index}`, 'dinas-pupr')),
    ]);
    const oneComponent = { agencyId: 'dinkes', components: { permits: null, complaints: null, backlog: null, satisfaction: { share: 1, cases: 120 }, training: null } };
    const ranking = rankAgencies([rankingInputsOf(tourism, NOVEMBER, NOW), rankingInputsOf(steady, NOVEMBER, NOW), oneComponent]);
    // dinas-pupr: 8 of 10 for permits and for the backlog: 0.8. Tourism: 1 / 1700 = 0.000588...
    expect(ranking.map((item) => [item.rank, item.agencyId, item.score])).toEqual([
      [1, 'dinas-pupr', expect.closeTo(0.8, 12)],
      [2, 'dinas-pariwisata', expect.closeTo(1 / 1700, 12)],
      [null, 'dinkes', null],
    ]);
    // 1 of 1,700: centre (p + z²/2n) / (1 + z²/n) = 0.0017142, half-width 0.0016104, so 0.000104..0.003325, nowhere near 100%.
    expect(ranking[1].details.permits.interval).toEqual({ low: expect.closeTo(0.000104, 6), high: expect.closeTo(0.003325, 6) });
  });

  it('counts a case past deadline in the period its deadline passed, not in the next', () => {
    const late = agencyFacts('dinas-pupr', [application('A', 'dinas-pupr', { slaDeadline: '2026-10-30T23:59:59+07:00', submittedAt: '2026-10-20T09:00:00+07:00' })]);
    expect(rankingInputsOf(late, periodRange('2026-10'), NOW).components.permits).toEqual({ share: 0, cases: 1 });
    expect(rankingInputsOf(late, NOVEMBER, NOW).components.permits).toBeNull();
    // Yet it is still in the backlog past deadline of November: pending, overdue by its end.
    expect(rankingInputsOf(late, NOVEMBER, NOW).components.backlog).toEqual({ share: 0, cases: 1 });
  });

  it('counts once decided late: as a failure of its decision, no longer of its deadline', () => {
    const decidedLate = agencyFacts('dinas-pupr', [application('A', 'dinas-pupr', { decision: 'approved', decidedAt: '2026-11-20T10:00:00+07:00', workingDaysToDecision: 13, withinStandard: false })]);
    expect(rankingInputsOf(decidedLate, NOVEMBER, NOW).components).toMatchObject({ permits: { share: 0, cases: 1 }, backlog: { share: 1, cases: 1 } });
  });

  it('does not count a deadline not yet passed, an application with the applicant, or one never verified', () => {
    const notYet = application('A', 'dinas-pupr', { slaDeadline: '2026-11-30T23:59:59+07:00' });
    const paused = application('B', 'dinas-pupr', { pausedSince: '2026-11-04T09:00:00+07:00' });
    const unverified = application('C', 'dinas-pupr', { verifiedAt: null, slaDeadline: null });
    expect(rankingInputsOf(agencyFacts('dinas-pupr', [notYet, paused, unverified]), NOVEMBER, NOW).components).toMatchObject({ permits: null, backlog: null });
  });

  it('counts a complaint still unverified past its verification deadline as a complaint failure and backlog', () => {
    const pending = complaint('C-1');
    const resolvedInTime = complaint('C-2', { verifiedAt: '2026-11-03T09:00:00+07:00', verifiedWithinDeadline: true, resolvedAt: '2026-11-12T09:00:00+07:00', resolvedWithinDeadline: true, resolutionWorkingDays: 6, firstResolvedAt: '2026-11-12T09:00:00+07:00' });
    const archived = complaint('C-3', { archivedAt: '2026-11-03T09:00:00+07:00', verifiedWithinDeadline: true });
    // complaints: 1 resolved in time / (1 resolved + 1 past deadline); backlog: 1 closed / (1 + 1).
    expect(rankingInputsOf(agencyFacts('dinas-pariwisata', [], [pending, resolvedInTime, archived]), NOVEMBER, NOW).components).toMatchObject({ complaints: { share: 0.5, cases: 2 }, backlog: { share: 0.5, cases: 2 } });
  });

  it('counts a complaint verified but unresolved past its follow-up deadline, and not one projected before that deadline was kept', () => {
    const verified = { verifiedAt: '2026-11-03T09:00:00+07:00', verifiedWithinDeadline: true, routedAt: '2026-11-03T09:00:00+07:00' };
    const overdue = complaint('C-1', { ...verified, followUpDeadline: '2026-11-17T23:59:59+07:00' });
    const notYet = complaint('C-2', { ...verified, followUpDeadline: '2026-12-03T23:59:59+07:00' });
    const projectedBefore = complaint('C-3', verified);
    delete (projectedBefore as { followUpDeadline?: string | null }).followUpDeadline;
    // complaints: 0 resolved / (0 + 1 past deadline); backlog: 0 closed / (0 + 1).
    expect(rankingInputsOf(agencyFacts('dinas-pariwisata', [], [overdue, notYet, projectedBefore]), NOVEMBER, NOW).components).toMatchObject({ complaints: { share: 0, cases: 1 }, backlog: { share: 0, cases: 1 } });
  });
});
