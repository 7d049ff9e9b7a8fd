import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** What one reader saw: latencies (from the moment each request was due), failures, and what each answer said, when. */
/** `answers`: when each answer came and the bench agency's decided count in it (not the body: 600 parsed answers would weigh on the rebuild measured later). */
export type ReadLog = { durations: number[]; failures: number; answers: Array<{ at: number; decided: number | undefined }>; slowest: Array<{ at: number; ms: number }> };

/** `decidedOf`: the agency whose `permits.decided` each answer's body is read for (the agencies answer), if any. */
type ReaderJob = { url: string; token: string; perSecond: number; decidedOf?: string };

/** Answers asked for, unmeasured, before a reader starts: its own connection made and its code compiled, as in a dashboard already running. */
const WARM_UP_REQUESTS = 20;

/**
 * Asks `url` at a steady rate in a thread of its own, as a dashboard is a program of its own: the load
 * generator's work (publishing, the baseline subscriber's parsing, its garbage collection) then delays
 * neither when a request goes nor when its answer is read, and is not counted in the service's latency.
 * Resolves once the thread has warmed up and started asking.
 */
export async function askInWorker(job: ReaderJob): Promise<{ stop: () => Promise<ReadLog> }> {
  // Through tsx's require hook: a worker does not inherit the loader this TypeScript runs under.
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true, workerData: job });
  const next = messagesOf(worker);
  try {
    await next();
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return {
    stop: async () => {
      worker.postMessage('stop');
      try {
        return (await next()) as ReadLog;
      } finally {
        await worker.terminate();
      }
    },
  };
}

/** The worker's messages one at a time; rejects once it failed or exited. */
function messagesOf(worker: Worker): () => Promise<unknown> {
  const received: unknown[] = [];
  const waiting: Array<{ resolve: (message: unknown) => void; reject: (error: Error) => void }> = [];
  let ended: Error | undefined;
  const end = (error: Error) => {
    ended ??= error;
    for (const waiter of waiting.splice(0)) waiter.reject(ended);
  };
  worker.on('message', (message) => (waiting.length > 0 ? waiting.shift()!.resolve(message) : received.push(message)));
  worker.once('error', end);
  worker.once('exit', (code) => end(new Error(`the reader thread exited (${code})`)));
  return () =>
    new Promise((resolve, reject) => {
      if (received.length > 0) resolve(received.shift());
      else if (ended) reject(ended);
      else waiting.push({ resolve, reject });
    });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks `url` at a steady `perSecond`, open loop (a request is sent when it is due, whether or not
 * earlier ones have been answered, at most 64 in flight), as dashboards do: a slow answer does not
 * make the next request late, so the latencies count the waiting too (no coordinated omission).
 */
function askAtRate({ url, token, perSecond, decidedOf }: ReaderJob): { stop: () => Promise<ReadLog> } {
  const log: ReadLog = { durations: [], failures: 0, answers: [], slowest: [] };
  const inFlight = new Set<Promise<void>>();
  const intervalMs = 1000 / perSecond;
  let running = true;
  const decidedIn = (body: unknown) =>
    decidedOf === undefined ? undefined : (body as { items?: Array<{ agencyId: string; permits?: { decided?: number } }> }).items?.find((item) => item.agencyId === decidedOf)?.permits?.decided;
  const ask = async (due: number) => {
    const answer = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    const body = answer?.status === 200 ? await answer.json().catch(() => undefined) : await answer?.arrayBuffer();
    if (answer?.status === 200 && body !== undefined) {
      const ms = performance.now() - due;
      log.durations.push(ms);
      log.answers.push({ at: Date.now(), decided: decidedIn(body) });
      log.slowest.push({ at: Date.now(), ms });
    } else log.failures++;
  };
  const loop = (async () => {
    for (let due = performance.now(); running; due += intervalMs) {
      await sleep(Math.max(0, due - performance.now()));
      if (inFlight.size >= 64) {
        log.failures++;
        continue;
      }
      const request = ask(due).finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
    await Promise.all(inFlight);
  })();
  return { stop: async () => ((running = false), await loop, log) };
}

async function warmUp({ url, token }: ReaderJob): Promise<void> {
  for (let i = 0; i < WARM_UP_REQUESTS; i++) await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const job = workerData as ReaderJob;
  void warmUp(job).then(() => {
    const reader = askAtRate(job);
    port.once('message', () => void reader.stop().then((log) => port.postMessage(log)));
    port.postMessage('started');
  });
}
