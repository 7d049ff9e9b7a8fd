import { Type } from '@nestjs/common';
import { XapiController } from '../xapi/xapi.controller';
import { XapiDocumentsController } from '../xapi/xapi-documents.controller';
import { TrainingDevelopmentController } from './training-development.controller';
import { TrainingPartnersController } from './training-partners.controller';
import { TrainingProgramsController } from './training-programs.controller';

/** The public routes the gateway forwards to the training service, xAPI included. */
export const TRAINING_CONTROLLERS: Type<unknown>[] = [TrainingProgramsController, TrainingDevelopmentController, TrainingPartnersController, XapiController, XapiDocumentsController];
