import { describeServiceProcess } from '@palembang/platform/testing';

describeServiceProcess('training', { required: ['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'PERSONAL_DATA_KEY'] });
