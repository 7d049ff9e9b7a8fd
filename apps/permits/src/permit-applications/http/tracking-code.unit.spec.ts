import { newTrackingCode, TRACKING_ALPHABET } from './tracking-code';

describe('tracking codes', () => {
  it('are PLG- and ten characters of the unambiguous alphabet', () => {
    expect(newTrackingCode()).toMatch(new RegExp(`^PLG-[${TRACKING_ALPHABET}]{10}$`));
  });

  it('do not repeat', () => {
    const codes = new Set(Array.from({ length: 1000 }, newTrackingCode));
    expect(codes.size).toBe(1000);
  });
});
