import { Webhook } from 'standardwebhooks';
import { generateSecret, isSecret, signedHeaders } from './signing';

describe('Standard Webhooks signing', () => {
  const body = JSON.stringify({ type: 'permits.ApplicationSubmitted', timestamp: '2026-12-05T10:00:00.000Z', data: { eventId: 'e' } });
  const now = Math.floor(Date.now() / 1000);

  it('makes whsec_ secrets of 32 random bytes, each different', () => {
    const [a, b] = [generateSecret(), generateSecret()];
    expect(isSecret(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
  });

  it('signs so that the standardwebhooks library verifies the delivery', () => {
    const secret = generateSecret();
    const headers = signedHeaders([secret], 'msg_1', now, body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('fails verification under another secret or with a changed body', () => {
    const headers = signedHeaders([generateSecret()], 'msg_1', now, body);
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
    const secret = generateSecret();
    expect(() => new Webhook(secret).verify(body.replace('e', 'f'), signedHeaders([secret], 'msg_1', now, body))).toThrow();
  });

  it('during a rotation signs with both secrets, so a receiver holding either verifies', () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const headers = signedHeaders([current, previous], 'msg_2', now, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
  });
});
