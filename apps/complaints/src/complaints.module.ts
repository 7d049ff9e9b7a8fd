import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@palembang/auth';
import { complaintDecider, complaintEventContracts } from '@palembang/complaints-domain';
import { EventContracts, TOPICS } from '@palembang/events';
import {
  AgencyRegisterCopy1796200000000,
  AgencyRegisterModule,
  AUDITED_STREAM_PREFIXES,
  EventSourcingModule,
  LiveWorkingDayCalendar,
  PlatformModule,
  ServiceConfig,
  StreamAuditController,
  WorkingDayCalendarCopy1796000000000,
  WorkingDayCalendarModule,
} from '@palembang/platform';
import { surveyDecider, surveyEventContracts } from '@palembang/satisfaction';
import { ComplaintsConfig, readComplaintsConfig } from './complaints-config';
import { COMPLAINTS_CLOCK, ComplaintDeadlineWatcher, DEADLINE_CHECK_INTERVAL_MS } from './complaints/complaint-deadline-watcher';
import { COMPLAINTS_VIEW_MIGRATIONS } from './complaints/complaints-view.migration';
import { ComplaintsViewAnonymity1764960000000 } from './complaints/complaints-view-anonymity.migration';
import { ComplaintsViewProvisionalDeadlines1796100000000 } from './complaints/complaints-view-provisional.migration';
import { SurveyProofs1764970000000 } from './surveys/survey-proofs.migration';
import { COMPLAINT_DECIDER, ComplaintsService } from './complaints/complaints.service';
import { COMPLAINT_CATEGORIES, ComplaintCategoriesController } from './complaints/http/complaint-categories.controller';
import { ComplaintTrackingController } from './complaints/http/complaint-tracking.controller';
import { PublicComplaintTimelineController } from './complaints/http/public-complaint-timeline.controller';
import { PublicComplaintTimelineQuery } from './complaints/public-timeline.query';
import { ComplaintsController } from './complaints/http/complaints.controller';
import { Open311Controller, OPEN311_PUBLIC_URL } from './open311/open311.controller';
import { Open311RequestsService } from './open311/open311-requests.service';
import { Open311RequestLinks1796200000000 } from './open311/open311-view.migration';
import { PermitOutcomesConsumer } from './surveys/permit-outcomes.consumer';
import { SurveysController } from './surveys/surveys.controller';
import { SURVEY_DECIDER, SurveysService } from './surveys/surveys.service';

@Module({})
export class ComplaintsModule {
  /** `complaints` is the service's own settings (readComplaintsConfig: a missing or invalid one is a ConfigurationError, exit 78). */
  static forConfig(config: ServiceConfig, complaints: ComplaintsConfig = readComplaintsConfig()): DynamicModule {
    const { auth, calendar: calendarSettings, categories, autoCloseWorkingDays, deadlineCheckIntervalMs } = complaints;
    return {
      module: ComplaintsModule,
      imports: [
        PlatformModule.forService({ config, migrations: [...COMPLAINTS_VIEW_MIGRATIONS, ComplaintsViewAnonymity1764960000000, SurveyProofs1764970000000, WorkingDayCalendarCopy1796000000000, ComplaintsViewProvisionalDeadlines1796100000000, Open311RequestLinks1796200000000, AgencyRegisterCopy1796200000000] }),
        EventSourcingModule.forService({ topic: TOPICS.complaints, contracts: new EventContracts([...complaintEventContracts, ...surveyEventContracts]) }),
        AuthModule.forJwks(auth),
        AgencyRegisterModule.forService(),
        WorkingDayCalendarModule.forService(calendarSettings),
      ],
      controllers: [ComplaintCategoriesController, ComplaintTrackingController, PublicComplaintTimelineController, ComplaintsController, SurveysController, Open311Controller, StreamAuditController],
      providers: [
        { provide: COMPLAINT_CATEGORIES, useValue: categories },
        { provide: AUDITED_STREAM_PREFIXES, useValue: ['complaint-', 'survey-complaint-', 'survey-permit-'] },
        {
          provide: COMPLAINT_DECIDER,
          inject: [LiveWorkingDayCalendar],
          useFactory: (calendar: LiveWorkingDayCalendar) => complaintDecider({ categories, calendar, autoCloseWorkingDays }),
        },
        { provide: SURVEY_DECIDER, useValue: surveyDecider },
        { provide: OPEN311_PUBLIC_URL, useValue: auth.issuer.replace(/\/+$/, '') },
        { provide: COMPLAINTS_CLOCK, useValue: calendarSettings.clock },
        { provide: DEADLINE_CHECK_INTERVAL_MS, useValue: deadlineCheckIntervalMs },
        ComplaintsService,
        PublicComplaintTimelineQuery,
        Open311RequestsService,
        SurveysService,
        ComplaintDeadlineWatcher,
        PermitOutcomesConsumer,
      ],
      exports: [ComplaintsService, ComplaintDeadlineWatcher],
    };
  }
}

