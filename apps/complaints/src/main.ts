import { bootstrapService, runSeedHistory } from '@palembang/platform';
import { ComplaintsModule } from './complaints.module';
import { ComplaintsHistoryModule } from './demo-history/complaints-history.module';
import { seedComplaintsHistory } from './demo-history/complaints-history';

void bootstrapService('complaints', (config) => ComplaintsModule.forConfig(config), {
  commands: { 'seed-history': (config, args) => runSeedHistory('complaints', ComplaintsHistoryModule.forConfig(config), args, seedComplaintsHistory) },
});
