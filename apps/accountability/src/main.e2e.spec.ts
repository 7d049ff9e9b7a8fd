import { describeServiceProcess } from '@palembang/platform/testing';

describeServiceProcess('accountability');
