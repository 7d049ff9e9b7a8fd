import { ikmOfTally } from '@palembang/satisfaction';
import { addCalendarDays, indonesianCalendar } from '@palembang/working-days';
import { complaintFactsOf, ComplaintCaseFacts } from '../complaints/complaint-facts';
import { AUGUST_COMPLAINTS } from '../complaints/complaint-cases.fixtures';
import { complaintMetrics } from '../complaints/complaint-metrics';
import { periodRange } from '../periods/period';
import { permitFactsOf, PermitCaseFacts, PermitOutcome } from '../permits/permit-facts';
import { AUGUST_CASES } from '../permits/permit-cases.fixtures';
import { permitMetrics } from '../permits/permit-metrics';
import { rankingInputsOf } from '../ranking/ranking-inputs';
import { satisfactionMetrics, SurveyFacts } from '../satisfaction/satisfaction-metrics';
import { trainingMetricsByAgency } from '../training/training-metrics';
import { complaintContributions, contributionDelta, Contributions, mergeContributions, mergeRows, NO_CONTRIBUTIONS, permitContributions, surveyContributions, trainingRows, TRAINING_MEASURES } from './contributions';
import { complaintFiguresOfTallies, permitFiguresOfTallies, rankingInputsOfTallies, skmTallyOfTallies, Tallies, talliesOfContributions, trainingFiguresOfTotals } from './tallies';

const calendar = indonesianCalendar();
const byAgency = (entry: { agencyId: string }) => entry.agencyId;
const talliesOf = (contributions: Contributions, period: string, now: string) => talliesOfContributions(contributions, periodRange(period), now, byAgency);
const PERIODS = ['2026-08', '2026-07', '2026-09', '2026', '2026-08-20', '2026-08-03', '2026-10'];
// An answer's instant is the clock rounded up to the minute, and no case happens after it: the backlog is kept per day,
// so a case opened or closed later on the answer's day than its instant would count (the only difference, and it never
// happens outside tests). These instants lie after every same-day instant of the cases.
const NOWS = ['2026-09-15T10:00:00+07:00', '2026-08-31T23:59:59.999+07:00', '2026-08-20T23:59:00+07:00', '2026-11-30T12:00:00+07:00', '2026-08-11T23:59:59.999+07:00'];

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPermits(count: number, seed: number): PermitCaseFacts[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const instant = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00+07:00`;
  return Array.from({ length: count }, (_, index) => {
    const submittedDay = addCalendarDays('2026-06-01', Math.floor(next() * 150));
    const decision = pick<PermitOutcome | null>([null, null, 'approved', 'approved', 'rejected', 'deemed', 'withdrawn']);
    const decidedDay = addCalendarDays(submittedDay, Math.floor(next() * 120));
    const verified = decision === null ? next() < 0.8 : next() < 0.9;
    const workingDays = Math.floor(next() * 15);
    return {
      applicationId: `P-${seed}-${index}`, agencyId: pick(['dinas-a', 'dinas-b', 'dinas-c']), permitTypeCode: pick(['PBG', 'SKRK', 'TDUP']),
      submittedAt: instant(submittedDay, 8 + Math.floor(next() * 2)), verifiedAt: verified ? instant(submittedDay, 13) : null,
      decidedAt: decision === null ? null : instant(decidedDay, 9), decision, issuedAt: null, processingDays: 5,
      slaDeadline: verified ? `${addCalendarDays(submittedDay, Math.floor(next() * 30))}T23:59:59.999+07:00` : null, pausedWorkingDays: 0,
      pausedSince: decision === null && next() < 0.2 ? instant(submittedDay, 15) : null,
      workingDaysToDecision: decision !== null && decision !== 'withdrawn' && verified ? workingDays : null,
      withinStandard: decision === 'deemed' ? false : decision !== null && decision !== 'withdrawn' && verified ? workingDays <= 5 : null,
      slaBreached: next() < 0.2, slaBreachedAt: next() < 0.2 ? instant(addCalendarDays(submittedDay, 9), 0) : null, version: 3,
    };
  });
}

function randomComplaints(count: number, seed: number): ComplaintCaseFacts[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const later = (day: string, most: number, hour = 10) => `${addCalendarDays(day, Math.floor(next() * most))}T${String(hour).padStart(2, "0")}:00:00+07:00`;
  return Array.from({ length: count }, (_, index) => {
    const day = addCalendarDays('2026-06-01', Math.floor(next() * 150));
    const verifiedWithinDeadline = pick([null, true, false]);
    const verified = verifiedWithinDeadline !== null && next() < 0.9;
    const resolvedAt = verified && next() < 0.6 ? later(day, 60) : null;
    const firstResolvedAt = resolvedAt ?? (verified && next() < 0.2 ? later(day, 30) : null);
    return {
      complaintId: `K-${seed}-${index}`, agencyId: pick(['dinas-a', 'dinas-b', 'dinas-c']), categoryCode: pick(['JALAN', 'LAMPU']), intakeType: 'complaint',
      receivedAt: `${day}T09:00:00+07:00`, verificationDeadline: `${addCalendarDays(day, 4)}T23:59:59.999+07:00`,
      verifiedAt: verified ? later(day, 6) : null, archivedAt: !verified && verifiedWithinDeadline !== null ? later(day, 5) : null, verifiedWithinDeadline,
      routedAt: verified ? later(day, 6) : null, firstResponseAt: verified && next() < 0.7 ? later(day, 20) : null, firstResponseWorkingDays: Math.floor(next() * 9),
      firstResolvedAt, resolvedAt, resolutionWorkingDays: resolvedAt === null ? null : Math.floor(next() * 25), resolvedWithinDeadline: resolvedAt === null ? null : next() < 0.6,
      followUpDeadline: verified ? `${addCalendarDays(day, Math.floor(next() * 40))}T23:59:59.999+07:00` : null,
      closedAt: resolvedAt !== null && next() < 0.5 ? later(day, 70) : null, reopenCount: firstResolvedAt !== null && next() < 0.3 ? 1 : 0,
      escalations: next() < 0.3 ? [{ kind: 'verification' as const, at: later(day, 10, 0) }] : [], version: 4,
    };
  }).map((fact) => ({ ...fact, firstResponseWorkingDays: fact.firstResponseAt === null ? null : fact.firstResponseWorkingDays }));
}

const fixturePermits = Object.values(AUGUST_CASES).map((events) => permitFactsOf(events, calendar) as PermitCaseFacts);
const fixtureComplaints = Object.values(AUGUST_COMPLAINTS).map((events) => complaintFactsOf(events, calendar) as ComplaintCaseFacts);

describe.each([
  ['the hand-computed August cases', fixturePermits, fixtureComplaints],
  ['400 generated cases of each kind', randomPermits(400, 7), randomComplaints(400, 11)],
])('the figures of %s from aggregates', (_name, permits, complaints) => {
  const contributions = mergeContributions([...permits.map(permitContributions), ...complaints.map(complaintContributions)]);
  const agencies = [...new Set([...permits, ...complaints].map(byAgency))];
  it.each(PERIODS.flatMap((period) => NOWS.map((now) => [period, now] as const)))('equal those from the facts for %s at %s', (period, now) => {
    const tallies = talliesOf(contributions, period, now);
    for (const agencyId of agencies) {
      const own = tallies.get(agencyId) ?? new Tallies();
      const ownPermits = permits.filter((fact) => fact.agencyId === agencyId);
      const ownComplaints = complaints.filter((fact) => fact.agencyId === agencyId);
      expect(permitFiguresOfTallies(own, periodRange(period), now)).toEqual(permitMetrics(ownPermits, periodRange(period), now));
      expect(complaintFiguresOfTallies(own)).toEqual(complaintMetrics(ownComplaints, periodRange(period), now));
      const training = { meeting20Jp: 3, civilServants: 12 };
      const satisfaction = { ikm: 81.25, respondents: 16 };
      expect(rankingInputsOfTallies(agencyId, own, satisfaction, training, periodRange(period), now)).toEqual(
        rankingInputsOf({ agencyId, permits: ownPermits, complaints: ownComplaints, satisfaction, training }, periodRange(period), now),
      );
    }
  });
});

describe('aggregates kept by difference', () => {
  const [before, after] = [randomPermits(200, 3), randomPermits(200, 5)].map((facts) => facts.map((fact, index) => ({ ...fact, applicationId: `P-${index}` })));

  it('end where the final cases put them, whatever the cases went through', () => {
    // Every case first as in `before`, then changed to `after`, then one change undone and redone: deltas only.
    const deltas = [
      ...before.map((fact) => contributionDelta(NO_CONTRIBUTIONS, permitContributions(fact))),
      ...before.map((fact, index) => contributionDelta(permitContributions(fact), permitContributions(after[index]))),
      contributionDelta(permitContributions(after[0]), permitContributions(before[0])),
      contributionDelta(permitContributions(before[0]), permitContributions(after[0])),
    ];
    expect(sorted(mergeContributions(deltas))).toEqual(sorted(mergeContributions(after.map(permitContributions))));
  });

  it('leave nothing behind for a case that changed back', () => {
    expect(contributionDelta(permitContributions(before[1]), permitContributions(before[1]))).toEqual(NO_CONTRIBUTIONS);
  });
});

describe('satisfaction and training from aggregates', () => {
  const survey = (surveyId: string, agencyId: string, serviceCode: string, score: 1 | 2 | 3 | 4, submittedAt: string): SurveyFacts => ({
    surveyId, agencyId, serviceKind: 'permit', serviceCode, submittedAt,
    scores: { U1: score, U2: score, U3: 4, U4: 3, U5: score, U6: 2, U7: score, U8: 4, U9: 1 },
  });
  const surveys = [survey('s1', 'dinas-a', 'PBG', 4, '2026-08-02T10:00:00+07:00'), survey('s2', 'dinas-a', 'SKRK', 2, '2026-08-30T10:00:00+07:00'), survey('s3', 'dinas-a', 'PBG', 3, '2026-09-01T10:00:00+07:00'), survey('s4', 'dinas-b', 'PBG', 1, '2026-08-09T10:00:00+07:00')];

  it('give the IKM of every agency and service the surveys give', () => {
    const tallies = talliesOfContributions(mergeContributions(surveys.map(surveyContributions)), periodRange('2026-08'), NOWS[0], (entry) => `${entry.agencyId}|${entry.serviceCode}`);
    const expected = satisfactionMetrics(surveys, periodRange('2026-08'));
    for (const agency of expected.agencies) {
      for (const service of agency.services) expect(ikmOfTally(skmTallyOfTallies(tallies.get(`${agency.agencyId}|${service.serviceCode}`) as Tallies))).toEqual(service.ikm);
    }
  });

  it('give the JP figures of every roster, a person counting where the roster lists them', () => {
    const credits = [
      { nip: 'n1', agencyId: 'dinas-a', jp: 12, creditedAt: '2026-03-01T10:00:00+07:00' },
      { nip: 'n1', agencyId: 'dinas-b', jp: 9, creditedAt: '2026-12-31T20:00:00+07:00' },
      { nip: 'n1', agencyId: 'dinas-a', jp: 30, creditedAt: '2025-05-01T10:00:00+07:00' },
      { nip: 'n2', agencyId: 'dinas-a', jp: 5, creditedAt: '2026-04-01T10:00:00+07:00' },
      { nip: 'n3', agencyId: 'dinas-a', jp: 40, creditedAt: '2026-04-01T10:00:00+07:00' },
    ];
    const roster = [{ nip: 'n1', agencyId: 'dinas-b' }, { nip: 'n2', agencyId: 'dinas-a' }, { nip: 'n4', agencyId: 'dinas-a' }];
    const rows = mergeRows(
      [...roster, { nip: 'n3', agencyId: null }].flatMap(({ nip, agencyId }) => trainingRows({ agencyId, credits: credits.filter((credit) => credit.nip === nip) })),
    );
    const total = (agencyId: string, measure: string, period: string) => rows.filter((row) => row.agencyId === agencyId && row.measure === measure && row.period === period).reduce((sum, row) => sum + row.amount, 0);
    for (const year of [2025, 2026]) {
      for (const expected of trainingMetricsByAgency(credits, roster, year)) {
        const { agencyId } = expected;
        const totals = {
          civilServants: total(agencyId, TRAINING_MEASURES.civilServants, 'all'),
          totalJp: total(agencyId, TRAINING_MEASURES.jp, String(year)),
          meeting20Jp: total(agencyId, TRAINING_MEASURES.meeting20Jp, String(year)),
          completions: total(agencyId, TRAINING_MEASURES.completions, String(year)),
        };
        expect({ agencyId, ...trainingFiguresOfTotals(year, totals) }).toEqual(expected);
      }
    }
  });
});

function sorted(contributions: Contributions): Contributions {
  const text = (entry: object) => JSON.stringify(entry);
  return { days: [...contributions.days].sort((a, b) => text(a).localeCompare(text(b))), pending: [...contributions.pending].sort((a, b) => text(a).localeCompare(text(b))) };
}
