import { canonicalJson, hashEvent } from './hash-chain';

const event = {
  eventId: '6f1c3c3e-3b1b-4d5e-9a55-1d1f7b0e8a01',
  streamId: 'permit-1',
  streamVersion: 1,
  type: 'ApplicationSubmitted',
  schemaVersion: 1,
  data: { b: 2, a: [1, { d: 4, c: 3 }] },
  metadata: { agencyId: 'dpmptsp' },
  occurredAt: '2026-11-02T02:00:00.000Z',
};

describe('the hash chain', () => {
  it('writes JSON with sorted keys, so jsonb key order does not change a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: [2, 1] } })).toBe('{"a":{"c":[2,1],"d":1},"b":1}');
  });

  it('changes when any content or the predecessor changes', () => {
    const original = hashEvent(null, event);
    expect(hashEvent(null, { ...event, data: { a: [1, { c: 3, d: 4 }], b: 2 } })).toBe(original);
    expect(hashEvent(null, { ...event, data: { ...event.data, b: 3 } })).not.toBe(original);
    expect(hashEvent('0'.repeat(64), event)).not.toBe(original);
    expect(hashEvent(null, { ...event, streamVersion: 2 })).not.toBe(original);
  });
});
