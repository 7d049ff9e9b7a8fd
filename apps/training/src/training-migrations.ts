import { AgencyRegisterCopy1796200000000 } from '@palembang/platform';
import { CivilServantsView1764600000003 } from './civil-servants/civil-servants-view.migration';
import { CohortsView1764600000002 } from './cohorts/cohorts-view.migration';
import { DevelopmentRecordsView1764600000004 } from './development-records/development-records-view.migration';
import { InternshipsView1764600000006 } from './internships/internships-view.migration';
import { PartnersView1764600000005 } from './partners/partners-view.migration';
import { ProgramsView1764600000001 } from './programs/programs-view.migration';
import { RecommendationsView1764600000008 } from './recommendations/recommendations-view.migration';
import { ResearchView1764600000007 } from './research/research-view.migration';
import { TrainingViews1764600000000 } from './shared/training-views.migration';
import { XapiAttachments1765000000000 } from './xapi/xapi-attachments.migration';
import { XapiStatementsScope1764900000000 } from './xapi/xapi-statements-scope.migration';
import { XapiStatementsSealing1764900000001 } from './xapi/xapi-statements-sealing.migration';
import { XapiStatements1764600000009 } from './xapi/xapi-statements.migration';
import { XapiDocumentsView1764950000000 } from './xapi-documents/xapi-documents-view.migration';

/**
 * The training service's migrations, oldest first. TrainingViews1764600000000 is the former single
 * migration, kept by name (see its file); the read models' own migrations follow it, idempotent.
 */
export const TRAINING_MIGRATIONS = [
  TrainingViews1764600000000,
  ProgramsView1764600000001,
  CohortsView1764600000002,
  CivilServantsView1764600000003,
  DevelopmentRecordsView1764600000004,
  PartnersView1764600000005,
  InternshipsView1764600000006,
  ResearchView1764600000007,
  RecommendationsView1764600000008,
  XapiStatements1764600000009,
  XapiStatementsScope1764900000000,
  XapiStatementsSealing1764900000001,
  XapiDocumentsView1764950000000,
  XapiAttachments1765000000000,
  AgencyRegisterCopy1796200000000,
];
