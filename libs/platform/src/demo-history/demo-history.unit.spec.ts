import { indonesianCalendar } from '@palembang/working-days';
import { DemoRandom, historyDays, inPool, jakartaInstant, officeTimeAfter, readSeedHistoryArgs } from './demo-history';

describe('the demo history toolkit', () => {
  describe('DemoRandom', () => {
    it('draws the same numbers for the same seed and labels, other numbers for others', () => {
      const draw = (random: DemoRandom) => Array.from({ length: 5 }, () => random.next());
      expect(draw(new DemoRandom(2026, 'permits', 3))).toEqual(draw(new DemoRandom(2026, 'permits', 3)));
      expect(draw(new DemoRandom(2026, 'permits', 4))).not.toEqual(draw(new DemoRandom(2026, 'permits', 3)));
      expect(draw(new DemoRandom(2027, 'permits', 3))).not.toEqual(draw(new DemoRandom(2026, 'permits', 3)));
    });

    it('makes version 4 UUIDs and whole numbers within their bounds', () => {
      const random = new DemoRandom(1);
      for (let index = 0; index < 200; index++) {
        expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        const value = random.int(3, 5);
        expect(value >= 3 && value <= 5 && Number.isInteger(value)).toBe(true);
      }
    });

    it('draws Poisson counts around their mean', () => {
      const random = new DemoRandom(9);
      const counts = Array.from({ length: 4000 }, () => random.poisson(2.5));
      const mean = counts.reduce((sum, count) => sum + count, 0) / counts.length;
      expect(mean).toBeGreaterThan(2.35);
      expect(mean).toBeLessThan(2.65);
    });
  });

  describe('readSeedHistoryArgs', () => {
    it('defaults to seed 2026, 365 days and scale 1 up to today in Jakarta', () => {
      expect(readSeedHistoryArgs([], '2026-12-05T22:00:00Z')).toEqual({ seed: 2026, until: '2026-12-06', days: 365, scale: 1 });
    });

    it('takes each setting and refuses what it does not know, naming it', () => {
      expect(readSeedHistoryArgs(['--seed=7', '--until=2026-06-30', '--days=30', '--scale=0.5'])).toEqual({ seed: 7, until: '2026-06-30', days: 30, scale: 0.5 });
      expect(() => readSeedHistoryArgs(['--speed=fast'])).toThrow('unknown argument "--speed=fast"');
      expect(() => readSeedHistoryArgs(['--scale=0'])).toThrow('--scale');
      expect(() => readSeedHistoryArgs(['--days=1.5'])).toThrow('--days');
      expect(() => readSeedHistoryArgs(['--until=tomorrow'])).toThrow('--until');
    });
  });

  it('lists the days of the history, ending the day before `until`', () => {
    expect(historyDays({ until: '2026-03-02', days: 3 })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });

  describe('officeTimeAfter', () => {
    const calendar = indonesianCalendar();

    it('goes N working days ahead into office hours, over weekends and holidays', () => {
      // Friday 2026-08-14; Monday 2026-08-17 is Independence Day.
      const at = officeTimeAfter(calendar, new DemoRandom(1), jakartaInstant('2026-08-14', 10 * 60), 1);
      expect(at.slice(0, 10)).toBe('2026-08-18');
      const hour = (Date.parse(at) / 3_600_000 + 7) % 24;
      expect(hour >= 8 && hour <= 16).toBe(true);
    });

    it('stays later the same day for 0, or moves to the next working day once the office has closed', () => {
      const morning = jakartaInstant('2026-03-16', 9 * 60);
      const later = officeTimeAfter(calendar, new DemoRandom(2), morning, 0);
      expect(later > morning && later.slice(0, 10) === '2026-03-16').toBe(true);
      expect(officeTimeAfter(calendar, new DemoRandom(2), jakartaInstant('2026-03-13', 15 * 60 + 59), 0) >= jakartaInstant('2026-03-16', 8 * 60)).toBe(true);
    });
  });

  it('runs a pool at most `concurrency` at a time and stops taking work after a failure', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await inPool([1, 2, 3, 4, 5, 6], 2, async (item) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      done.push(item);
    });
    expect(most).toBe(2);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const started: number[] = [];
    await expect(inPool([1, 2, 3, 4], 1, async (item) => {
      started.push(item);
      if (item === 2) throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(started).toEqual([1, 2]);
  });
});
