import { CivilServantCommand } from './civil-servant/civil-servant';
import { CohortCommand } from './cohort/cohort.decide';
import { DevelopmentCommand } from './development/development.decide';
import { InternshipCommand } from './partners/internship';
import { PartnerCommand } from './partners/partner.decide';
import { ResearchCommand } from './partners/research';
import { ProgramCommand } from './program/program.decide';
import { TrainingRecommendationCommand } from './recommendation/training-recommendation';

/** Every command of the training context. */
export type TrainingCommand = ProgramCommand | CohortCommand | DevelopmentCommand | PartnerCommand | InternshipCommand | ResearchCommand | TrainingRecommendationCommand | CivilServantCommand;

export type TrainingCommandType = TrainingCommand['type'];

/** The command of that type. */
export type TrainingCommandOf<T extends TrainingCommandType> = Extract<TrainingCommand, { type: T }>;
