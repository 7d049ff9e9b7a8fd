import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The secret that keys each stream's chain (EVENT_CHAIN_KEY). The service
 * computes every MAC itself and sends only the MACs to PostgreSQL, so the key
 * never reaches the database: whoever can write there can recompute the
 * unkeyed SHA-256 chain, but not a MAC.
 *
 * Several keys may be configured for rotation: the first one keys new links,
 * every one verifies. Each MAC names its key by an id derived from the key
 * (`<key id>:<hex>`), never by the key itself.
 */
export class EventChainKeys {
  private readonly keys: ReadonlyArray<Readonly<{ id: string; secret: Buffer }>>;

  constructor(secrets: readonly Buffer[]) {
    if (secrets.length === 0) throw new Error('the event chain needs at least one key');
    for (const secret of secrets) if (secret.length < 32) throw new Error('an event chain key must be at least 32 bytes');
    this.keys = secrets.map((secret) => ({ id: hmacHex(secret, 'event-chain key id').slice(0, 8), secret }));
  }

  /** The MAC of one event's canonical content (which names its stream and version). */
  eventMac(content: string): string {
    return this.sign(`event\n${content}`);
  }

  /** The MAC of a stream's head: its version and the MAC of its last event, so a truncated stream cannot claim an older head. */
  headMac(streamId: string, version: number, lastEventMac: string): string {
    return this.sign(headInput(streamId, version, lastEventMac));
  }

  isEventMac(mac: string | null, content: string): boolean {
    return this.verify(mac, `event\n${content}`);
  }

  isHeadMac(mac: string | null, streamId: string, version: number, lastEventMac: string): boolean {
    return this.verify(mac, headInput(streamId, version, lastEventMac));
  }

  private sign(input: string): string {
    const [current] = this.keys;
    return `${current.id}:${hmacHex(current.secret, input)}`;
  }

  private verify(mac: string | null, input: string): boolean {
    if (!mac) return false;
    const [id, digest] = mac.split(':');
    const key = this.keys.find((candidate) => candidate.id === id);
    if (!key || !digest) return false;
    const expected = Buffer.from(hmacHex(key.secret, input), 'hex');
    const actual = Buffer.from(digest, 'hex');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

/** Reads EVENT_CHAIN_KEY: one or more base64 keys of 32 random bytes, comma-separated, the current one first. */
export function eventChainKeysFromBase64(value: string): EventChainKeys {
  const secrets = value.split(',').map((part) => Buffer.from(part.trim(), 'base64'));
  if (secrets.some((secret) => secret.length !== 32)) throw new Error('EVENT_CHAIN_KEY must be 32 bytes, base64-encoded (several comma-separated for rotation)');
  return new EventChainKeys(secrets);
}

function headInput(streamId: string, version: number, lastEventMac: string): string {
  return `head\n${streamId}\n${version}\n${lastEventMac}`;
}

function hmacHex(secret: Buffer, input: string): string {
  return createHmac('sha256', secret).update(input, 'utf8').digest('hex');
}
