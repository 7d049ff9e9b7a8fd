import { describeServiceProcess } from '@palembang/platform/testing';

// No gateway is needed to start: its keys are fetched when the first token arrives.
describeServiceProcess('complaints', {
  required: ['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'PERSONAL_DATA_KEY', 'EVENT_CHAIN_KEY', 'GATEWAY_URL'],
  env: { GATEWAY_URL: 'http://127.0.0.1:9', DEADLINE_CHECK_INTERVAL_MS: '0' },
});
