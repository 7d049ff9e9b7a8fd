import { bootstrapService } from '@palembang/platform';
import { ComplaintsModule } from './complaints.module';

void bootstrapService('complaints', (config) => ComplaintsModule.forConfig(config));
