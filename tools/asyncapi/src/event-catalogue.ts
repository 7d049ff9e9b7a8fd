import { TOPICS } from '@palembang/events';
import { AGENCY_REGISTER_CONTRACTS, EventContract, servicePerformanceBelowStandardContract } from '@palembang/events/core';
import { complaintEventContracts } from '@palembang/complaints-domain';
import { permitEventContracts } from '@palembang/permits-domain';
import { surveyEventContracts } from '@palembang/satisfaction';
import { trainingEventContracts } from '@palembang/training-domain';
import { calendarYearEventContracts } from '@palembang/working-days';

/** Where the TypeScript declaration of some events lives: a union of `Event<Type, Data>` types, exported from `file`. */
export type EventDeclarations = Readonly<{ file: string; union: string }>;

/** One domain topic: the service that publishes it, the contracts its event store registers, and where their data types are declared. */
export type TopicEvents = Readonly<{
  topic: string;
  service: string;
  summary: string;
  contracts: readonly EventContract[];
  declarations: readonly EventDeclarations[];
}>;

/**
 * Every domain event the platform publishes, per topic: the same contract lists each service's
 * EventSourcingModule registers (apps/<service>/src/<service>.module.ts), with the unions that
 * declare their data. The generator fails when a contract has no declaration or a declaration no
 * contract, and the document's test when a service's module registers a contract that is not
 * here.
 */
export const EVENT_CATALOGUE: readonly TopicEvents[] = [
  {
    topic: TOPICS.permits,
    service: 'permits',
    summary: 'Permit applications (PP 5/2021 service standards) and the working-day calendar their deadlines are counted in.',
    contracts: [...permitEventContracts, ...calendarYearEventContracts],
    declarations: [
      { file: 'libs/permits/domain/src/application/permit-application.ts', union: 'PermitApplicationEvent' },
      { file: 'libs/working-days/src/calendar-year/calendar-year.ts', union: 'CalendarYearEvent' },
    ],
  },
  {
    topic: TOPICS.complaints,
    service: 'complaints',
    summary: 'Complaints (SP4N-LAPOR!) from submission to closure, and the satisfaction surveys (SKM) of public services.',
    contracts: [...complaintEventContracts, ...surveyEventContracts],
    declarations: [
      { file: 'libs/complaints/domain/src/complaint/complaint.ts', union: 'ComplaintEvent' },
      { file: 'libs/satisfaction/src/survey/survey.ts', union: 'SurveyEvent' },
    ],
  },
  {
    topic: TOPICS.training,
    service: 'training',
    summary: 'Civil servant development (PP 17/2020): programs, cohorts, JP credits, partners, internships, research and targeted training.',
    contracts: trainingEventContracts,
    declarations: [{ file: 'libs/training/domain/src/training.contracts.ts', union: 'TrainingEvent' }],
  },
  {
    topic: TOPICS.accountability,
    service: 'accountability',
    summary: "Integration events of the accountability service: an agency's service performance fell below the standard, and the agency register (stream agency-<agencyId>) every service follows.",
    contracts: [servicePerformanceBelowStandardContract, ...AGENCY_REGISTER_CONTRACTS],
    declarations: [
      { file: 'libs/events/core/src/integration-events.ts', union: 'ServicePerformanceBelowStandard' },
      { file: 'libs/events/core/src/agency-register-events.ts', union: 'AgencyRegisterEvent' },
    ],
  },
];
