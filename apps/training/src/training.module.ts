import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AuthModule } from '@palembang/auth';
import { EventContracts, TOPICS } from '@palembang/events';
import { EventSourcingModule, PlatformModule, readGatewayAuthConfig, ServiceConfig } from '@palembang/platform';
import { trainingEventContracts } from '@palembang/training-domain';
import { systemClock } from '@palembang/working-days';
import { CohortsController } from './cohorts/cohorts.controller';
import { CohortsService } from './cohorts/cohorts.service';
import { CivilServantsService } from './development/civil-servants.service';
import { DevelopmentController } from './development/development.controller';
import { InternshipsController } from './partners/internships.controller';
import { PartnersController } from './partners/partners.controller';
import { ResearchController } from './partners/research.controller';
import { ProgramsController } from './programs/programs.controller';
import { ProgramsService } from './programs/programs.service';
import { RecommendationsController } from './recommendations/recommendations.controller';
import { ServicePerformanceConsumer } from './recommendations/service-performance.consumer';
import { TargetedRecommendations } from './recommendations/targeted-recommendations';
import { TRAINING_CLOCK } from './shared/http';
import { TrainingStore } from './shared/training-store';
import { TrainingViews1764600000000 } from './shared/training-views.migration';
import { ForgetController } from './personal-data/forget.controller';
import { readTrainingConfig, TRAINING_CONFIG } from './shared/training-config';
import { StatementSealing } from './xapi/statement-sealing';
import { XapiStatementsScope1764900000000 } from './xapi/xapi-statements-scope.migration';
import { XapiStatementsSealing1764900000001 } from './xapi/xapi-statements-sealing.migration';
import { XapiVersionMiddleware } from './xapi/xapi-version.middleware';
import { XapiController } from './xapi/xapi.controller';
import { XAPI_AUTHORITY_HOME_PAGE, XapiStatementsService } from './xapi/xapi.service';

@Module({})
export class TrainingModule implements NestModule {
  /** `env` supplies GATEWAY_URL / GATEWAY_ISSUER and TRAINING_YEAR_CLOSES_ON; a missing or invalid one is a ConfigurationError (exit 78). */
  static forConfig(config: ServiceConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const auth = readGatewayAuthConfig(env);
    const training = readTrainingConfig(env);
    return {
      module: TrainingModule,
      imports: [
        PlatformModule.forService({ config, migrations: [TrainingViews1764600000000, XapiStatementsScope1764900000000, XapiStatementsSealing1764900000001] }),
        EventSourcingModule.forService({ topic: TOPICS.training, contracts: new EventContracts(trainingEventContracts) }),
        AuthModule.forJwks(auth),
      ],
      controllers: [
        ProgramsController, CohortsController, DevelopmentController, PartnersController, InternshipsController, ResearchController, RecommendationsController, XapiController, ForgetController,
      ],
      providers: [
        { provide: TRAINING_CLOCK, useValue: systemClock },
        { provide: TRAINING_CONFIG, useValue: training },
        // The authority of stored statements: the LMS client, as an account of the platform's token issuer.
        { provide: XAPI_AUTHORITY_HOME_PAGE, useValue: auth.issuer.replace(/\/+$/, '') },
        TrainingStore,
        ProgramsService,
        CohortsService,
        CivilServantsService,
        XapiStatementsService,
        StatementSealing,
        TargetedRecommendations,
        ServicePerformanceConsumer,
      ],
      exports: [TrainingStore, ServicePerformanceConsumer],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(XapiVersionMiddleware).forRoutes(XapiController);
  }
}
