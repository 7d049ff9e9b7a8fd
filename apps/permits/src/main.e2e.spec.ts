import { describeServiceProcess } from '@palembang/platform/testing';

describeServiceProcess('permits', ['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'PERSONAL_DATA_KEY']);
