import { describeServiceProcess } from '@palembang/platform/testing';

describeServiceProcess('complaints', ['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'PERSONAL_DATA_KEY']);
