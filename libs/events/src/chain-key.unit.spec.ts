import { randomBytes } from 'node:crypto';
import { EventChainKeys, eventChainKeysFromBase64 } from './chain-key';

const content = '{"eventId":"6f1c3c3e-3b1b-4d5e-9a55-1d1f7b0e8a01","streamId":"permit-1","streamVersion":1}';

describe('the event chain key', () => {
  const key = randomBytes(32);

  it('verifies what it signed and nothing else', () => {
    const keys = new EventChainKeys([key]);
    const mac = keys.eventMac(content);
    expect(keys.isEventMac(mac, content)).toBe(true);
    expect(keys.isEventMac(mac, content.replace('"streamVersion":1', '"streamVersion":2'))).toBe(false);
    expect(keys.isEventMac(null, content)).toBe(false);
    expect(keys.isEventMac('garbage', content)).toBe(false);
  });

  it('tells an event MAC from a head MAC, and a head from a shorter head', () => {
    const keys = new EventChainKeys([key]);
    const last = keys.eventMac(content);
    const head = keys.headMac('permit-1', 3, last);
    expect(keys.isHeadMac(head, 'permit-1', 3, last)).toBe(true);
    expect(keys.isHeadMac(head, 'permit-1', 2, last)).toBe(false);
    expect(keys.isHeadMac(last, 'permit-1', 3, last)).toBe(false);
  });

  it('rejects a MAC made with another key, even one of the same shape', () => {
    const mac = new EventChainKeys([randomBytes(32)]).eventMac(content);
    expect(new EventChainKeys([key]).isEventMac(mac, content)).toBe(false);
  });

  it('while rotating, signs with the first key and still verifies links of the older ones', () => {
    const old = new EventChainKeys([key]);
    const oldMac = old.eventMac(content);
    const rotated = eventChainKeysFromBase64(`${randomBytes(32).toString('base64')},${key.toString('base64')}`);
    expect(rotated.isEventMac(oldMac, content)).toBe(true);
    expect(old.isEventMac(rotated.eventMac(content), content)).toBe(false);
  });

  it('refuses a key that is not 32 bytes of base64', () => {
    expect(() => eventChainKeysFromBase64('c2hvcnQ=')).toThrow('EVENT_CHAIN_KEY must be 32 bytes');
  });
});
