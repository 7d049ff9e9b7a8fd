import { bootstrapService } from '@palembang/platform';
import { TrainingModule } from './training.module';

void bootstrapService('training', (config) => TrainingModule.forConfig(config));
