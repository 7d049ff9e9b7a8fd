import { newTrackingCode, TRACKING_ALPHABET, TRACKING_CODE } from './tracking-code';

describe('tracking codes', () => {
  it('are PLG- and ten characters of the unambiguous alphabet', () => {
    expect(newTrackingCode()).toMatch(new RegExp(`^PLG-[${TRACKING_ALPHABET}]{10}$`));
    expect(newTrackingCode('LPR')).toMatch(new RegExp(`^LPR-[${TRACKING_ALPHABET}]{10}$`));
  });

  it('are recognised by their shape', () => {
    expect(TRACKING_CODE.test(newTrackingCode('LPR'))).toBe(true);
    expect(TRACKING_CODE.test('PLG-0000000000')).toBe(false);
  });

  it('do not repeat', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newTrackingCode()));
    expect(codes.size).toBe(1000);
  });
});
