import { describeServiceProcess } from '@palembang/platform/testing';
import { NO_SERVICE } from './testing/start-gateway';

describeServiceProcess('gateway', {
  required: ['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'PERMITS_URL', 'COMPLAINTS_URL', 'TRAINING_URL', 'ACCOUNTABILITY_URL', 'WEBHOOKS_URL'],
  env: { PERMITS_URL: NO_SERVICE, COMPLAINTS_URL: NO_SERVICE, TRAINING_URL: NO_SERVICE, ACCOUNTABILITY_URL: NO_SERVICE, WEBHOOKS_URL: NO_SERVICE },
});
