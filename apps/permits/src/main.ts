import { bootstrapService, runSeedHistory } from '@palembang/platform';
import { PermitsHistoryModule } from './demo-history/permits-history.module';
import { seedPermitsHistory } from './demo-history/permits-history';
import { PermitsModule } from './permits.module';

void bootstrapService('permits', (config) => PermitsModule.forConfig(config), {
  commands: { 'seed-history': (config, args) => runSeedHistory('permits', PermitsHistoryModule.forConfig(config), args, seedPermitsHistory) },
});
