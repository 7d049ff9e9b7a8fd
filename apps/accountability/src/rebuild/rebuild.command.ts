import { createDataSource } from '@palembang/events';
import { ConfigurationError, describeError, EXIT, kafkaConnectionOf, ServiceLogger } from '@palembang/platform';
import { readRebuildConfig } from '../accountability-settings';
import { rebuildMetrics } from './rebuild';

/**
 * `node main.js rebuild`: replays every domain topic from offset 0 into new
 * tables and switches to them while the service keeps answering (see
 * rebuild.ts). Needs DATABASE_URL and KAFKA_BROKERS (PORT is not used); exits 0
 * once switched, 78 on bad configuration, 1 on failure (the live tables stay).
 */
export async function runRebuildCommand(args: readonly string[]): Promise<void> {
  const logger = new ServiceLogger('accountability');
  if (args.length > 0) {
    logger.fatal(`unknown arguments "${args.join(' ')}"; usage: node main.js rebuild`, 'Rebuild');
    return process.exit(EXIT.usage);
  }
  let dataSource;
  try {
    const config = readRebuildConfig();
    dataSource = createDataSource({ url: config.databaseUrl, applicationName: 'accountability-rebuild', migrations: [] });
    await dataSource.initialize();
    const result = await rebuildMetrics({
      dataSource,
      kafka: kafkaConnectionOf(config, 'rebuild'),
      log: (message) => logger.log(message, 'Rebuild'),
    });
    const rows = Object.entries(result.rows).map(([table, count]) => `${table} ${count}`).join(', ');
    logger.log(`rebuild complete: ${result.events} event(s) replayed in ${result.durationMs} ms; now serving ${rows}`, 'Rebuild');
    await dataSource.destroy();
    return process.exit(0);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      logger.fatal(`invalid configuration: ${error.message}`, 'Rebuild');
      return process.exit(EXIT.configuration);
    }
    logger.fatal(`rebuild failed: ${error instanceof Error ? error.message.replace(/\s+/g, ' ') : describeError(error)}`, 'Rebuild');
    await dataSource?.destroy().catch(() => undefined);
    return process.exit(EXIT.failure);
  }
}
