import { changedAgenciesOf, payloadOf } from './metrics-changes';

describe('the metrics change notification', () => {
  it('names the changed agencies and reads them back', () => {
    expect(changedAgenciesOf(payloadOf(['dinas-a', 'dinas-b']))).toEqual(['dinas-a', 'dinas-b']);
  });

  it('says "everything" with an empty payload (as a rebuild switch sends it), and for a list too long for a notification', () => {
    expect(payloadOf('everything')).toBe('');
    expect(changedAgenciesOf('')).toBe('everything');
    const many = Array.from({ length: 1_000 }, (_, index) => `kecamatan-${index}`);
    expect(changedAgenciesOf(payloadOf(many))).toBe('everything');
  });

  it('reads anything but a list of ids as everything', () => {
    for (const payload of ['not json', '{"a":1}', '[1,2]', 'null']) expect(changedAgenciesOf(payload)).toBe('everything');
  });
});
