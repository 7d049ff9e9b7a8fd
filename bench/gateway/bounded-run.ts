/**
 * Runs a benchmark's `main` so that nothing it started outlives it: past `limitMs`, on Ctrl-C or
 * SIGTERM, `stopEverything()` (read at that moment: the run sets it once its processes exist) stops
 * them before the process exits.
 */
export function runBounded(main: () => Promise<void>, stopEverything: () => Promise<void>, limitMs: number, log: (line: string) => void): void {
  const limit = setTimeout(() => {
    log(`the run passed its ${limitMs / 60_000} minutes: stopping everything`);
    void stopEverything().then(() => process.exit(1));
  }, limitMs);
  limit.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping everything`);
      void stopEverything().then(() => process.exit(130));
    });
  }
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
