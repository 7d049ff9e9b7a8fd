import { bootstrapService, runSeedHistory } from '@palembang/platform';
import { TrainingHistoryModule } from './demo-history/training-history.module';
import { seedTrainingHistory } from './demo-history/training-history';
import { TrainingModule } from './training.module';

void bootstrapService('training', (config) => TrainingModule.forConfig(config), {
  commands: { 'seed-history': (config, args) => runSeedHistory('training', TrainingHistoryModule.forConfig(config), args, seedTrainingHistory) },
});
