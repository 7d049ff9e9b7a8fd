import { Logger } from '@nestjs/common';
import { createDataSource, EventChainKeys, eventChainKeysFromBase64, keyLegacyStreams, LegacyKeying, PostgresEventStore } from '@palembang/events';
import { readKeyVariable } from './service-config';

/** EVENT_CHAIN_KEY: keys every event store's hash chain, so that whoever writes to the database cannot recompute it. */
export function readEventChainKeys(): EventChainKeys {
  return readKeyVariable('EVENT_CHAIN_KEY', eventChainKeysFromBase64, '32 random bytes, base64-encoded (several, comma-separated and the current one first, while rotating)');
}

/** The flag of the migrate command that keys the streams stored before the chain was keyed. */
export const KEY_LEGACY_STREAMS_FLAG = '--key-legacy-streams';

/**
 * At start-up: says loudly that events carry no keyed MAC, and keys nothing.
 * Keying them here would sign whatever a database writer left behind after
 * stripping the MACs. Names the operator's keying step only while the
 * database holds no keyed link at all (it refuses everything afterwards).
 */
export async function reportUnkeyedEventsAtStart(store: PostgresEventStore): Promise<void> {
  const { events, streams } = await store.countUnkeyedEvents();
  if (events === 0) return;
  const why = (await store.holdsKeyedLinks())
    ? 'altered in the database (the chain is keyed already, so they cannot be keyed any more)'
    : `altered in the database, or stored before the chain was keyed (then, with the service stopped, run once: node main.js migrate ${KEY_LEGACY_STREAMS_FLAG})`;
  new Logger('EventChain').error(`${events} event(s) in ${streams} stream(s) carry no keyed MAC, so they are not anchored and verifyStream names them: ${why}`);
}

/** `node main.js migrate --key-legacy-streams`, after the migrations: keys the legacy streams of DATABASE_URL and closes the connection. */
export async function keyLegacyEventStreams(databaseUrl: string, keys: EventChainKeys, applicationName: string): Promise<LegacyKeying> {
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 2, applicationName });
  await dataSource.initialize();
  try {
    return await keyLegacyStreams(dataSource, keys);
  } finally {
    await dataSource.destroy();
  }
}

/** One line per outcome for the operator: what was keyed, and each stream left unkeyed with why (then the step exits non-zero). */
export function describeLegacyKeying(keying: LegacyKeying): { keyed: string; refused: string[] } {
  const refused: string[] = [];
  if (keying.brokenStreams.length) refused.push(`not keyed, their unkeyed chain is broken: ${listed(keying.brokenStreams)}`);
  if (keying.refusedStreams.length) {
    refused.push(
      `not keyed, the database already holds keyed MACs, so these streams without one were stripped in the database, ` +
        `not stored before the upgrade (verifyStream names them): ${listed(keying.refusedStreams)}`,
    );
  }
  return { keyed: `legacy streams keyed: ${keying.events} event(s) of ${keying.streams} stream(s)`, refused };
}

/** At most 50 stream ids in one log line. */
function listed(streams: readonly string[]): string {
  const shown = streams.slice(0, 50).join(', ');
  return streams.length > 50 ? `${shown} and ${streams.length - 50} more` : shown;
}
