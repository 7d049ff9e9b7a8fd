import { Type } from '@nestjs/common';
import { XapiController } from '../xapi/xapi.controller';

/** The public routes the gateway forwards to the training service, xAPI included. */
export const TRAINING_CONTROLLERS: Type<unknown>[] = [XapiController];
