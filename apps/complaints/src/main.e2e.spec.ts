import { describeServiceProcess } from '@palembang/platform/testing';

describeServiceProcess('complaints', { required: ['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'PERSONAL_DATA_KEY'] });
