/**
 * Event runtime benchmarks: appends, relay and consumer against raw pg / kafkajs
 * baselines measured in the same run. Prints a markdown table and rewrites
 * docs/benchmarks.md. Run with `npm run bench` (it needs DATABASE_URL and
 * KAFKA_BROKERS, which the infra CLI sets).
 */
import { asSection, BENCHMARKS_FILE, writeBenchmarkSection } from '../benchmarks-file';
import { measureAppends } from './appends';
import { Cleanup, now } from './common';
import { measureConsumer } from './consumer';
import { measureRelay } from './relay';
import { describeMachine, hostLoad, markdownDocument, markdownTable, Results } from './report';

/** The whole run must end within this, whatever happens. */
const RUN_LIMIT_MS = 8 * 60_000;

const APPEND_ONE = { eventsPerTransaction: 1, transactionsPerRound: 1000, rounds: 3, warmUpTransactions: 300, streams: 20, timeLimitMs: 120_000 };
const APPEND_HUNDRED = { eventsPerTransaction: 100, transactionsPerRound: 50, rounds: 3, warmUpTransactions: 10, streams: 20, timeLimitMs: 120_000 };
const RELAY = { events: 20_000, warmUpEvents: 1_000, batchSize: 500, streams: 20, timeLimitMs: 120_000 };
const CONSUMER_TIME_LIMIT_MS = 150_000;

const log = (line: string) => console.error(`[bench] ${line}`);

/** Runs one measurement with its own resources, closed as soon as it is done. */
async function scenario<T>(name: string, body: (cleanup: Cleanup) => Promise<T>): Promise<T> {
  log(`${name}…`);
  const started = now();
  const cleanup = new Cleanup();
  try {
    return await body(cleanup);
  } finally {
    await cleanup.run();
    log(`${name} done in ${((now() - started) / 1000).toFixed(1)} s`);
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const started = now();
  const loadBefore = hostLoad();
  const machine = await describeMachine();

  const appendOne = await scenario('1/4 appends, 1 event per transaction', (cleanup) => measureAppends(APPEND_ONE, cleanup));
  const appendHundred = await scenario('2/4 appends, 100 events per transaction', (cleanup) => measureAppends(APPEND_HUNDRED, cleanup));
  const relay = await scenario('3/4 outbox relay', (cleanup) => measureRelay(RELAY, cleanup));
  const consumer = await scenario('4/4 consumer', (cleanup) =>
    measureConsumer({ messages: relay.published, warmUpMessages: relay.warmUpPublished, timeLimitMs: CONSUMER_TIME_LIMIT_MS }, cleanup),
  );


  const describeRounds = (s: typeof APPEND_ONE) =>
    `${s.rounds} rounds × ${s.transactionsPerRound.toLocaleString('en-US')} transactions × ${s.eventsPerTransaction} on ${s.streams} streams`;
  const results: Results = {
    appendOne: { ...appendOne, transactions: describeRounds(APPEND_ONE) },
    appendHundred: { ...appendHundred, transactions: describeRounds(APPEND_HUNDRED) },
    relay: { relay: relay.relay, raw: relay.raw, averageValueBytes: relay.averageValueBytes, publishShare: relay.publishShare, batchSize: RELAY.batchSize },
    consumer,
  };

  const document = markdownDocument({ results, machine, startedAt, durationMs: now() - started, loadBefore, loadAfter: hostLoad() });
  writeBenchmarkSection('events', asSection(document));
  const file = BENCHMARKS_FILE;
  console.log(markdownTable(results));
  log(`wrote ${file}`);
}

const watchdog = setTimeout(() => {
  console.error(`[bench] the run exceeded ${RUN_LIMIT_MS / 1000} s: giving up`);
  process.exit(2);
}, RUN_LIMIT_MS);
watchdog.unref();

main().then(
  () => clearTimeout(watchdog),
  (error: unknown) => {
    clearTimeout(watchdog);
    console.error('[bench] failed:', error);
    process.exitCode = 1;
  },
);
