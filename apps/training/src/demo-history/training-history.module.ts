import { DynamicModule, Module } from '@nestjs/common';
import { EventContracts, TOPICS } from '@palembang/events';
import { AgencyRegister, EventSourcingModule, seedHistoryPlatformModule, ServiceConfig } from '@palembang/platform';
import { trainingEventContracts } from '@palembang/training-domain';
import { CivilServantsService } from '../civil-servants/civil-servants.service';
import { CohortsService } from '../cohorts/cohorts.service';
import { DevelopmentRecordsService } from '../development-records/development-records.service';
import { ProgramsService } from '../programs/programs.service';
import { TrainingModule } from '../training.module';

/**
 * The training service's command path for programs, civil servants and cohorts, without its HTTP
 * side or its consumers (the agency register is read from the service's copy, not followed).
 */
@Module({})
export class TrainingHistoryModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: TrainingHistoryModule,
      imports: [
        seedHistoryPlatformModule(config, TrainingModule.forConfig(config)),
        EventSourcingModule.forService({ topic: TOPICS.training, contracts: new EventContracts(trainingEventContracts) }),
      ],
      providers: [AgencyRegister, ProgramsService, CivilServantsService, DevelopmentRecordsService, CohortsService],
      exports: [ProgramsService, CivilServantsService, CohortsService],
    };
  }
}
