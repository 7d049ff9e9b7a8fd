import { bootstrapService } from '@palembang/platform';
import { AccountabilityModule } from './accountability.module';
import { runRebuildCommand } from './rebuild/rebuild.command';

// `node main.js rebuild` replays every domain topic into new tables and switches to them; anything else is the platform's (start, migrate).
if (process.argv[2] === 'rebuild') void runRebuildCommand(process.argv.slice(3));
else void bootstrapService('accountability', (config) => AccountabilityModule.forConfig(config));
