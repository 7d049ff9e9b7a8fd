import { groupBy, perAgency } from './grouping';
import { median, percentileNearestRank, share, shareOf } from './statistics';

describe('the median', () => {
  it('is the middle value of an odd count, whatever the input order', () => {
    expect(median([11, 2, 5, 4, 5])).toBe(5);
  });
  it('is the mean of the two middle values of an even count', () => {
    expect(median([9, 1, 3, 7])).toBe(5);
    expect(median([1, 2])).toBe(1.5);
  });
  it('does not exist for no values: null, never NaN', () => {
    expect(median([])).toBeNull();
  });
});

describe('a percentile by the nearest-rank method', () => {
  const oneToTen = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  it('is the value at rank ceil(p x n / 100) of the sorted values', () => {
    expect(percentileNearestRank(oneToTen, 90)).toBe(9); // rank 9
    expect(percentileNearestRank([...oneToTen, 11], 90)).toBe(10); // ceil(9.9) = rank 10
    expect(percentileNearestRank([2, 4, 5, 5, 11], 90)).toBe(11); // ceil(4.5) = rank 5
    expect(percentileNearestRank([1, 2, 3, 4], 50)).toBe(2); // rank 2: no interpolation
  });
  it('of a single value is that value, of none is null', () => {
    expect(percentileNearestRank([7], 90)).toBe(7);
    expect(percentileNearestRank([], 90)).toBeNull();
  });
  it('is exact for whole percentiles where p / 100 x n is not', () => {
    // 0.07 x 100 = 7.000000000000001 would give rank 8.
    expect(percentileNearestRank(Array.from({ length: 100 }, (_, index) => index + 1), 7)).toBe(7);
  });
  it('refuses a percentile outside (0, 100]', () => {
    expect(() => percentileNearestRank([1], 0)).toThrow(RangeError);
    expect(() => percentileNearestRank([1], 101)).toThrow(RangeError);
  });
});

describe('a share', () => {
  it('is a fraction at full precision', () => {
    expect(share(1, 3)).toBe(1 / 3);
    expect(shareOf([1, 2, 3, 4], (value) => value > 3)).toBe(0.25);
  });
  it('of nothing is null', () => {
    expect(share(0, 0)).toBeNull();
    expect(shareOf([], () => true)).toBeNull();
  });
  it('refuses a part larger than the whole', () => {
    expect(() => share(3, 2)).toThrow(RangeError);
  });
});

describe('grouping', () => {
  it('groups by key in key order and computes figures per agency', () => {
    const facts = [{ agencyId: 'dinkes', n: 1 }, { agencyId: 'bkpsdm', n: 2 }, { agencyId: 'dinkes', n: 3 }];
    expect(groupBy(facts, (fact) => fact.agencyId).map(([key, items]) => [key, items.length])).toEqual([['bkpsdm', 1], ['dinkes', 2]]);
    expect(perAgency(facts, (own) => own.reduce((sum, fact) => sum + fact.n, 0))).toEqual([['bkpsdm', 2], ['dinkes', 4]]);
  });
});
