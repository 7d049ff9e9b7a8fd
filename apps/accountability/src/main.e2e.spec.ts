import { describeServiceProcess } from '@palembang/platform/testing';

// No gateway is needed to start: its keys are fetched when the first token arrives.
// Accountability keeps no personal data, so it runs (and migrates) with no PERSONAL_DATA_KEY at all.
describeServiceProcess('accountability', {
  required: ['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'EVENT_CHAIN_KEY', 'GATEWAY_URL'],
  env: { GATEWAY_URL: 'http://127.0.0.1:9', PERSONAL_DATA_KEY: '' },
});
