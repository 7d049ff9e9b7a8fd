import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AuthModule } from '@palembang/auth';
import { EventContracts, TOPICS } from '@palembang/events';
import { AgencyRegisterModule, EventSourcingModule, PlatformModule, ServiceConfig } from '@palembang/platform';
import { trainingEventContracts } from '@palembang/training-domain';
import { systemClock } from '@palembang/working-days';
import { CivilServantsService } from './civil-servants/civil-servants.service';
import { CivilServantsController } from './civil-servants/http/civil-servants.controller';
import { CohortsService } from './cohorts/cohorts.service';
import { CohortsController } from './cohorts/http/cohorts.controller';
import { DevelopmentRecordsService } from './development-records/development-records.service';
import { DevelopmentRecordsController } from './development-records/http/development-records.controller';
import { InternshipsController } from './internships/http/internships.controller';
import { InternshipsService } from './internships/internships.service';
import { PartnersController } from './partners/http/partners.controller';
import { PartnersService } from './partners/partners.service';
import { ForgetController } from './personal-data/forget.controller';
import { ProgramsController } from './programs/http/programs.controller';
import { ProgramsService } from './programs/programs.service';
import { RecommendationsController } from './recommendations/http/recommendations.controller';
import { RecommendationsService } from './recommendations/recommendations.service';
import { ServicePerformanceConsumer } from './recommendations/service-performance.consumer';
import { ResearchController } from './research/http/research.controller';
import { ResearchService } from './research/research.service';
import { readTrainingConfig, TRAINING_CONFIG, TrainingConfig } from './shared/training-config';
import { TRAINING_CLOCK } from './shared/training-http';
import { TRAINING_MIGRATIONS } from './training-migrations';
import { StatementSealing } from './xapi/statement-sealing';
import { XapiAlternateRequests } from './xapi/xapi-alternate-requests';
import { XapiVersionMiddleware } from './xapi/xapi-version.middleware';
import { XapiController } from './xapi/xapi.controller';
import { XapiDocumentsController } from './xapi-documents/http/xapi-documents.controller';
import { XapiDocumentsService } from './xapi-documents/xapi-documents.service';
import { XAPI_AUTHORITY_HOME_PAGE, XapiStatementsService } from './xapi/xapi.service';

@Module({})
export class TrainingModule implements NestModule {
  /** `training` defaults to the environment's (readTrainingConfig): a missing or invalid setting is a ConfigurationError (exit 78). */
  static forConfig(config: ServiceConfig, training: TrainingConfig = readTrainingConfig()): DynamicModule {
    return {
      module: TrainingModule,
      imports: [
        PlatformModule.forService({ config, migrations: TRAINING_MIGRATIONS }),
        EventSourcingModule.forService({ topic: TOPICS.training, contracts: new EventContracts(trainingEventContracts) }),
        AuthModule.forJwks(training.auth),
        AgencyRegisterModule.forService(),
      ],
      controllers: [
        ProgramsController, CohortsController, DevelopmentRecordsController, CivilServantsController, PartnersController, InternshipsController, ResearchController,
        RecommendationsController, XapiController, XapiDocumentsController, ForgetController,
      ],
      providers: [
        XapiAlternateRequests,
        { provide: TRAINING_CLOCK, useValue: systemClock },
        { provide: TRAINING_CONFIG, useValue: training },
        { provide: XAPI_AUTHORITY_HOME_PAGE, useValue: training.xapiAuthorityHomePage },
        ProgramsService,
        CohortsService,
        CivilServantsService,
        DevelopmentRecordsService,
        PartnersService,
        InternshipsService,
        ResearchService,
        RecommendationsService,
        XapiStatementsService,
        XapiDocumentsService,
        StatementSealing,
        ServicePerformanceConsumer,
      ],
      exports: [ServicePerformanceConsumer],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(XapiVersionMiddleware).forRoutes(XapiController, XapiDocumentsController);
  }
}
