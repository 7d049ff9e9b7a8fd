import { bootstrapService } from '@palembang/platform';
import { PermitsModule } from './permits.module';

void bootstrapService('permits', (config) => PermitsModule.forConfig(config));
