import { bootstrapService } from '@palembang/platform';
import { AccountabilityModule } from './accountability.module';

void bootstrapService('accountability', (config) => AccountabilityModule.forConfig(config));
