import { CivilServant, TrainingCredit } from '../published-language/training-inputs';
import { trainingMetrics, trainingMetricsByAgency } from './training-metrics';

const nip = (n: number) => `19850312201001100${n}`;
const credit = (n: number, jp: number, creditedAt = '2026-06-10T10:00:00+07:00', agencyId = 'bkpsdm'): TrainingCredit => ({ nip: nip(n), agencyId, jp, creditedAt });

// n5 moved from public works to BKPSDM: the latest roster entry counts.
const roster: CivilServant[] = [
  { nip: nip(1), agencyId: 'bkpsdm' },
  { nip: nip(2), agencyId: 'bkpsdm' },
  { nip: nip(3), agencyId: 'bkpsdm' },
  { nip: nip(4), agencyId: 'dinas-pupr' },
  { nip: nip(5), agencyId: 'dinas-pupr' },
  { nip: nip(5), agencyId: 'bkpsdm' },
];
const credits: TrainingCredit[] = [
  credit(1, 12), credit(1, 8), // 20: meets the minimum exactly
  credit(2, 24),
  credit(3, 6),
  credit(3, 16, '2026-12-31T18:00:00Z'), // 1 January 2027 in Jakarta: next year
  credit(1, 40, '2025-11-01T10:00:00+07:00'), // last year
  credit(5, 19, '2026-03-01T10:00:00+07:00', 'dinas-pupr'), // recorded at the old agency, counts where the person is now
  credit(4, 30, '2026-01-01T00:00:00+07:00', 'dinas-pupr'),
  credit(9, 50), // not on the roster
];

describe('training figures of 2026', () => {
  it('per agency: JP per civil servant, share meeting 20 JP, completions', () => {
    // BKPSDM: n1 20, n2 24, n3 6, n5 19 = 69 JP over 4 people; n1 and n2 meet 20 JP; 5 credits.
    expect(trainingMetricsByAgency(credits, roster, 2026)).toEqual([
      { agencyId: 'bkpsdm', year: 2026, civilServants: 4, totalJp: 69, jpPerCivilServant: 17.25, meeting20Jp: 2, shareMeeting20Jp: 0.5, completions: 5 },
      { agencyId: 'dinas-pupr', year: 2026, civilServants: 1, totalJp: 30, jpPerCivilServant: 30, meeting20Jp: 1, shareMeeting20Jp: 1, completions: 1 },
    ]);
  });

  it('for the whole roster', () => {
    expect(trainingMetrics(credits, roster, 2026)).toMatchObject({ civilServants: 5, totalJp: 99, jpPerCivilServant: 19.8, meeting20Jp: 3, shareMeeting20Jp: 0.6, completions: 6 });
  });

  it('count credits in their Jakarta year', () => {
    expect(trainingMetrics(credits, roster, 2027)).toMatchObject({ totalJp: 16, completions: 1 });
  });

  it('have no per-head figures without civil servants', () => {
    expect(trainingMetrics(credits, [], 2026)).toEqual({ year: 2026, civilServants: 0, totalJp: 0, jpPerCivilServant: null, meeting20Jp: 0, shareMeeting20Jp: null, completions: 0 });
  });

  it('refuse a negative credit', () => {
    expect(() => trainingMetrics([credit(1, -2)], roster, 2026)).toThrow(RangeError);
  });
});
