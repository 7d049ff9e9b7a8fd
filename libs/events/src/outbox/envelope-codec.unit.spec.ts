import { decodeEnvelope, isUuid, UndecodableMessageError } from './envelope-codec';

describe('isUuid', () => {
  it.each(['0b6c7c1e-5a3f-4d2b-9c8e-1f2a3b4c5d6e', '0B6C7C1E-5A3F-4D2B-9C8E-1F2A3B4C5D6E', '00000000-0000-0000-0000-000000000000'])('accepts %s', (value) => {
    expect(isUuid(value)).toBe(true);
  });

  it.each([
    ['one character short', '0b6c7c1e-5a3f-4d2b-9c8e-1f2a3b4c5d6'],
    ['one character long', '0b6c7c1e-5a3f-4d2b-9c8e-1f2a3b4c5d6ef'],
    ['a dash moved', '0b6c7c1e5-a3f-4d2b-9c8e-1f2a3b4c5d6e'],
    ['no dashes', '0b6c7c1e05a3f04d2b09c8e01f2a3b4c5d6e'],
    ['a letter past f', '0b6c7c1e-5a3f-4d2b-9c8e-1f2a3b4c5d6g'],
    ['a letter past F', '0B6C7C1E-5A3F-4D2B-9C8E-1F2A3B4C5D6G'],
    ['a character between 9 and a', '0b6c7c1e-5a3f-4d2b-9c8e-1f2a3b4c5d6:'],
    ['a character before 0', '0b6c7c1e-5a3f-4d2b-9c8e-1f2a3b4c5d6/'],
    ['an @ (0x40, folds to a backtick)', '0b6c7c1e-5a3f-4d2b-9c8e-1f2a3b4c5d6@'],
    ['empty', ''],
  ])('refuses %s', (_, value) => {
    expect(isUuid(value)).toBe(false);
  });
});

describe('decodeEnvelope', () => {
  const envelope = {
    eventId: '0b6c7c1e-5a3f-4d2b-9c8e-1f2a3b4c5d6e',
    type: 'ApplicationSubmitted',
    streamId: 'permit-application-1',
    streamVersion: 1,
    schemaVersion: 1,
    occurredAt: '2026-12-06T04:00:00.000Z',
    agencyId: 'dinas-kesehatan',
    data: {},
  };
  const encoded = (value: unknown) => Buffer.from(JSON.stringify(value));

  it('returns a well-formed envelope as it was sent', () => {
    expect(decodeEnvelope(encoded(envelope))).toEqual(envelope);
  });

  it('refuses an event id that is not a UUID', () => {
    expect(() => decodeEnvelope(encoded({ ...envelope, eventId: 'not-a-uuid' }))).toThrow(new UndecodableMessageError('eventId is not a UUID'));
  });

  it('refuses an empty message, text that is not JSON and a missing field', () => {
    expect(() => decodeEnvelope(null)).toThrow(UndecodableMessageError);
    expect(() => decodeEnvelope(Buffer.from('{'))).toThrow(new UndecodableMessageError('not JSON'));
    expect(() => decodeEnvelope(encoded({ ...envelope, agencyId: undefined }))).toThrow(new UndecodableMessageError('agencyId missing'));
  });
});
