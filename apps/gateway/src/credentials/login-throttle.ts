import { isIPv6 } from 'node:net';
import { RateDecision, TokenBuckets } from '../forwarding/token-bucket';

/** Failed logins allowed per client id: 10 at once, then one every 30 s. */
export const FAILURES_PER_CLIENT = { capacity: 10, refillPerMinute: 2 } as const;
/** Failed logins allowed per source address (an IPv6 /64 counts as one address): 30 at once, then one every 10 s. */
export const FAILURES_PER_ADDRESS = { capacity: 30, refillPerMinute: 6 } as const;

/** A login in progress: settle it with `succeeded` or leave the failure counted. */
export interface LoginAttempt {
  clientId: string;
  address: string;
}

/** How long an address that logged in as a client stays exempt from that client's failure limit. */
const KNOWN_ADDRESS_MS = 24 * 60 * 60_000;
const MAX_KNOWN_ADDRESSES = 100_000;

/**
 * Limits failed logins (a client secret at /oauth/token, an Open311 key, an
 * xAPI credential) per claimed client id and per source address, before the
 * secret is checked: every attempt takes a token from both buckets up front,
 * so parallel guesses cannot all slip past the check, and a successful one
 * gives its tokens back. A caller over either limit is refused without any
 * hashing. So that a guesser who knows a client id cannot lock the client out,
 * an address the client logged in from within a day is held only to its own
 * address limit. Everything lives in this gateway instance's memory.
 */
export class LoginThrottle {
  private readonly perClient: TokenBuckets;
  private readonly perAddress: TokenBuckets;
  /** `client|address` -> when it last logged in; oldest first. */
  private readonly knownAddresses = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {
    this.perClient = new TokenBuckets(FAILURES_PER_CLIENT, now);
    this.perAddress = new TokenBuckets(FAILURES_PER_ADDRESS, now);
  }

  /** Takes a token from both buckets, or none and the longer wait when either is empty. */
  begin(attempt: LoginAttempt): RateDecision {
    const client = `client:${attempt.clientId}`;
    const address = addressKey(attempt.address);
    const countsForClient = !this.isKnown(attempt);
    const decisions = countsForClient ? [this.perClient.peek(client), this.perAddress.peek(address)] : [this.perAddress.peek(address)];
    const blocked = decisions.filter((decision) => !decision.allowed);
    if (blocked.length > 0) return { allowed: false, retryAfterSeconds: Math.max(...blocked.map((decision) => decision.retryAfterSeconds)) };
    this.perClient.take(client);
    this.perAddress.take(address);
    return { allowed: true };
  }

  /** The credentials were good: the attempt does not count, and the address is known for the client. */
  succeeded(attempt: LoginAttempt): void {
    this.perClient.giveBack(`client:${attempt.clientId}`);
    this.perAddress.giveBack(addressKey(attempt.address));
    const known = knownKey(attempt);
    this.knownAddresses.delete(known);
    this.knownAddresses.set(known, this.now());
    for (const oldest of this.knownAddresses.keys()) {
      if (this.knownAddresses.size <= MAX_KNOWN_ADDRESSES) break;
      this.knownAddresses.delete(oldest);
    }
  }

  private isKnown(attempt: LoginAttempt): boolean {
    const since = this.knownAddresses.get(knownKey(attempt));
    return since !== undefined && this.now() - since < KNOWN_ADDRESS_MS;
  }
}

function knownKey(attempt: LoginAttempt): string {
  return `${attempt.clientId}|${addressKey(attempt.address)}`;
}

/** An IPv6 caller usually holds a whole /64, so that is what one address means there. */
export function addressKey(address: string): string {
  const plain = address.startsWith('::ffff:') && !isIPv6(address.slice(7)) && address.includes('.') ? address.slice(7) : address;
  if (!isIPv6(plain)) return `address:${plain}`;
  return `address:${expandIPv6(plain).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
