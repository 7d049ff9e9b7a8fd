import { CompetencyArea } from '../program/program';
import { MeasuredService } from './service-performance';

/** The competency areas that improve each service, most relevant first. */
export const TARGET_AREAS: Readonly<Record<MeasuredService, readonly CompetencyArea[]>> = {
  permits: ['digital-services', 'technical'],
  complaints: ['socio-cultural', 'digital-services'],
};

/** A program as the chooser sees it; a retired program is never chosen. */
export type CataloguedProgram = Readonly<{ programId: string; competencyArea: CompetencyArea; status?: 'active' | 'retired' }>;

/** The active programs that target the service, by the relevance of their area, then in catalogue order. */
export function programsFor<P extends CataloguedProgram>(service: MeasuredService, programs: readonly P[]): P[] {
  const areas = TARGET_AREAS[service];
  return programs
    .filter((program) => program.status !== 'retired' && areas.includes(program.competencyArea))
    .map((program, index) => ({ program, index }))
    .sort((a, b) => areas.indexOf(a.program.competencyArea) - areas.indexOf(b.program.competencyArea) || a.index - b.index)
    .map(({ program }) => program);
}
