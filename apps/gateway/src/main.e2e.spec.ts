import { describeServiceProcess } from '@palembang/platform/testing';

describeServiceProcess('gateway');
