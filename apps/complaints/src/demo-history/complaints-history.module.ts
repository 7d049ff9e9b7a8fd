import { DynamicModule, Module } from '@nestjs/common';
import { complaintDecider, complaintEventContracts } from '@palembang/complaints-domain';
import { EventContracts, TOPICS } from '@palembang/events';
import { AgencyRegister, EventSourcingModule, LiveWorkingDayCalendar, SEED_HISTORY_CALENDAR, seedHistoryPlatformModule, ServiceConfig } from '@palembang/platform';
import { surveyDecider, surveyEventContracts } from '@palembang/satisfaction';
import { readComplaintsConfig } from '../complaints-config';
import { ComplaintsModule } from '../complaints.module';
import { COMPLAINT_DECIDER, ComplaintsService } from '../complaints/complaints.service';
import { SURVEY_DECIDER, SurveysService } from '../surveys/surveys.service';

/**
 * The complaints service's command path (complaints and surveys) without its HTTP side, its deadline
 * watcher or its consumers (the agency register is read from the service's copy, not followed): the seed sends the deadline checks itself, each with the clock of its day.
 */
@Module({})
export class ComplaintsHistoryModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    const { categories, autoCloseWorkingDays } = readComplaintsConfig();
    return {
      module: ComplaintsHistoryModule,
      imports: [
        seedHistoryPlatformModule(config, ComplaintsModule.forConfig(config)),
        EventSourcingModule.forService({ topic: TOPICS.complaints, contracts: new EventContracts([...complaintEventContracts, ...surveyEventContracts]) }),
      ],
      providers: [
        SEED_HISTORY_CALENDAR,
        { provide: COMPLAINT_DECIDER, inject: [LiveWorkingDayCalendar], useFactory: (calendar: LiveWorkingDayCalendar) => complaintDecider({ categories, calendar, autoCloseWorkingDays }) },
        { provide: SURVEY_DECIDER, useValue: surveyDecider },
        // The service's copy of the agency register, read and not followed.
        AgencyRegister,
        ComplaintsService,
        SurveysService,
      ],
      exports: [ComplaintsService, SurveysService],
    };
  }
}
