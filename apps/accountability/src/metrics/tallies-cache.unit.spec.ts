import { AgencyTallies } from './aggregate-queries';
import { noTallies } from './metrics-figures';
import { TalliesCache } from './tallies-cache';

describe('TalliesCache', () => {
  const read = (...agencies: string[]) => new Map<string, AgencyTallies>(agencies.map((agency) => [agency, noTallies()]));
  const started = () => {
    const cache = new TalliesCache();
    cache.start();
    return cache;
  };

  it('keeps what was read and gives it back for the same period and instant only', () => {
    const cache = started();
    const tallies = read('a', 'b');
    cache.keep('2026-11', 't1', tallies, cache.mark());
    expect(cache.lookup('2026-11', 't1', ['a', 'b', 'c'])).toEqual({ found: tallies, missing: ['c'] });
    expect(cache.lookup('2026-11', 't2', ['a']).missing).toEqual(['a']);
    expect(cache.lookup('2026-10', 't1', ['a']).missing).toEqual(['a']);
  });

  it('forgets a changed agency in every instant, and the others not', () => {
    const cache = started();
    cache.keep('2026-11', 't1', read('a', 'b'), cache.mark());
    cache.keep('2026', 't1', read('a', 'b'), cache.mark());
    cache.changed(['a']);
    expect(cache.cachedAgencies('2026-11', 't1')).toEqual(['b']);
    expect(cache.cachedAgencies('2026', 't1')).toEqual(['b']);
  });

  it('does not keep an agency that changed after the read began: its snapshot may miss the change', () => {
    const cache = started();
    const mark = cache.mark();
    cache.changed(['a']);
    cache.keep('2026-11', 't1', read('a', 'b'), mark);
    expect(cache.cachedAgencies('2026-11', 't1')).toEqual(['b']);
    cache.keep('2026-11', 't1', read('a'), cache.mark());
    expect(cache.cachedAgencies('2026-11', 't1')).toEqual(['b', 'a']);
  });

  it('keeps nothing read before everything changed, nor while stopped', () => {
    const cache = started();
    const mark = cache.mark();
    cache.changed('everything');
    cache.keep('2026-11', 't1', read('a'), mark);
    expect(cache.cachedAgencies('2026-11', 't1')).toEqual([]);
    cache.keep('2026-11', 't1', read('a'), cache.mark());
    cache.stop();
    expect(cache.cachedAgencies('2026-11', 't1')).toEqual([]);
    cache.keep('2026-11', 't1', read('a'), cache.mark());
    expect(cache.cachedAgencies('2026-11', 't1')).toEqual([]);
    expect(new TalliesCache().isCaching).toBe(false);
  });

  describe('the list of agencies', () => {
    const listed = [{ agencyId: 'a', name: 'A', shortName: 'A' }, { agencyId: 'x', name: null, shortName: null }];
    const keptList = () => {
      const cache = started();
      cache.keepListing(listed, new Set(['a']), cache.mark());
      return cache;
    };

    it('is kept while only registered agencies change', () => {
      const cache = keptList();
      cache.changed(['a']);
      expect(cache.listing()).toBe(listed);
    });

    it('is forgotten when the register changes, or when an agency outside it changes (it may have gained or lost its cases)', () => {
      const cache = keptList();
      cache.registerChanged();
      expect(cache.listing()).toBeUndefined();
      const other = keptList();
      other.changed(['x']);
      expect(other.listing()).toBeUndefined();
      const newcomer = keptList();
      newcomer.changed(['new']);
      expect(newcomer.listing()).toBeUndefined();
    });

    it('is not kept if it may have changed after the read began, nor when everything changed, nor while stopped', () => {
      const cache = started();
      const mark = cache.mark();
      cache.registerChanged();
      cache.keepListing(listed, new Set(['a']), mark);
      expect(cache.listing()).toBeUndefined();
      cache.keepListing(listed, new Set(['a']), cache.mark());
      expect(cache.listing()).toBe(listed);
      cache.changed('everything');
      expect(cache.listing()).toBeUndefined();
      cache.keepListing(listed, new Set(['a']), cache.mark());
      cache.stop();
      expect(cache.listing()).toBeUndefined();
      cache.keepListing(listed, new Set(['a']), cache.mark());
      expect(cache.listing()).toBeUndefined();
    });

    it('is not kept when an agency changed during a read begun after the register changed, even one the register held before', () => {
      // Agency x is retired, then a read begins; x's first case commits after the read's snapshot and is heard during it.
      const cache = started();
      cache.keepListing(listed, new Set(['a', 'x']), cache.mark());
      cache.registerChanged();
      const mark = cache.mark();
      cache.changed(['x']);
      cache.keepListing([listed[0]], new Set(['a']), mark);
      expect(cache.listing()).toBeUndefined();
    });

    it('is not kept when an agency changed during the first read after the cache starts again (the register may have changed unheard)', () => {
      const cache = started();
      cache.keepListing(listed, new Set(['a', 'x']), cache.mark());
      cache.stop();
      cache.start();
      const mark = cache.mark();
      cache.changed(['x']);
      cache.keepListing([listed[0]], new Set(['a']), mark);
      expect(cache.listing()).toBeUndefined();
    });

    it('is not kept when an agency the register did not hold at the last read changed during the read', () => {
      const cache = started();
      const mark = cache.mark();
      cache.changed(['new']);
      cache.keepListing(listed, new Set(['a']), mark);
      expect(cache.listing()).toBeUndefined();
    });
  });

  it('keeps the instants used last, a few of them', () => {
    const cache = started();
    for (let minute = 0; minute < 20; minute++) cache.keep('2026-11', `t${minute}`, read('a'), cache.mark());
    expect(cache.cachedAgencies('2026-11', 't19')).toEqual(['a']);
    expect(cache.cachedAgencies('2026-11', 't0')).toEqual([]);
  });
});
