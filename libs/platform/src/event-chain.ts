import { Logger } from '@nestjs/common';
import { EventChainKeys, eventChainKeysFromBase64, PostgresEventStore } from '@palembang/events';
import { ConfigurationError } from './service-config';

/** EVENT_CHAIN_KEY: keys every event store's hash chain, so that whoever writes to the database cannot recompute it. */
export function readEventChainKeys(): EventChainKeys {
  const value = process.env.EVENT_CHAIN_KEY;
  if (!value) throw new ConfigurationError('EVENT_CHAIN_KEY is required but not set');
  try {
    return eventChainKeysFromBase64(value);
  } catch {
    throw new ConfigurationError('EVENT_CHAIN_KEY must be 32 random bytes, base64-encoded (several, comma-separated and the current one first, while rotating)');
  }
}

/** At start-up: keys the streams stored before the chain was keyed, once, and says loudly when it will not. */
export async function keyLegacyStreamsAtStart(store: PostgresEventStore): Promise<void> {
  const logger = new Logger('EventChain');
  const keying = await store.keyLegacyStreams();
  if (keying.outcome === 'keyed') {
    logger.warn(`keyed ${keying.events} event(s) of ${keying.streams} stream(s) stored before the chain was keyed; this happens once per database`);
    if (keying.brokenStreams.length) logger.error(`not keyed, their unkeyed chain is already broken: ${keying.brokenStreams.join(', ')}`);
  }
  if (keying.outcome === 'refused') {
    logger.error(`${keying.unkeyedEvents} event(s) carry no keyed MAC although the chain is keyed: altered in the database or written by an old version; verify their streams`);
  }
}
