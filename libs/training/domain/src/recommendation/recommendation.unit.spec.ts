import { deciderSpecification, EventContracts } from '@palembang/events/core';
import { palembangTrainingCatalogue } from '../fixtures/palembang-catalogue';
import { trainingCommand } from '../fixtures/training.fixtures';
import { programsFor } from './programs-for';
import { servicePerformanceBelowStandardContract, servicePerformanceProblem, ServicePerformanceBelowStandard } from './service-performance';
import { recommendationFor, TargetedProgramsRecommended, trainingRecommendationDecider, trainingRecommendationStreamId } from './training-recommendation';

const decider = trainingRecommendationDecider();
const spec = deciderSpecification(decider);
const NOW = '2026-09-02T07:00:00+07:00';
const catalogue = palembangTrainingCatalogue();
const alert: ServicePerformanceBelowStandard['data'] = {
  alertId: 'alert-dpmptsp-2026-08', agencyId: 'dpmptsp', service: 'permits', serviceCode: 'PBG', period: '2026-08', shareWithinStandard: 0.62, threshold: 0.8, decidedCases: 50, casesWithinStandard: 31, detectedAt: '2026-09-01T01:00:00+07:00',
};

describe('choosing programs for a service below its standard', () => {
  it('gives permits digital-services programs first, then technical ones', () => {
    expect(programsFor('permits', catalogue).map((program) => [program.competencyArea, program.programId])).toEqual([
      ['digital-services', 'prg-ppbd'],
      ['digital-services', 'prg-data-kinerja'],
      ['digital-services', 'prg-keamanan-informasi'],
      ['technical', 'prg-oss'],
      ['technical', 'prg-skm'],
    ]);
  });

  it('gives complaints socio-cultural programs first, then digital-services ones', () => {
    expect(programsFor('complaints', catalogue).map((program) => program.programId)).toEqual(['prg-lapor', 'prg-prima', 'prg-ppbd', 'prg-data-kinerja', 'prg-keamanan-informasi']);
  });

  it('never chooses a retired program', () => {
    const retired = catalogue.map((program) => ({ ...program, status: program.competencyArea === 'socio-cultural' ? ('retired' as const) : ('active' as const) }));
    expect(programsFor('complaints', retired).map((program) => program.competencyArea)).toEqual(['digital-services', 'digital-services', 'digital-services']);
    expect(programsFor('complaints', [])).toEqual([]);
  });
});

describe('the recommendation answering an alert', () => {
  const command = recommendationFor(alert, catalogue, 3);
  const recommended: TargetedProgramsRecommended = {
    type: 'TargetedProgramsRecommended',
    data: { alertId: alert.alertId, agencyId: 'dpmptsp', service: 'permits', period: '2026-08', programIds: ['prg-ppbd', 'prg-data-kinerja', 'prg-keamanan-informasi'], recommendedAt: NOW },
  };

  it('lives on its own stream per alert', () => {
    expect(trainingRecommendationStreamId(alert.alertId)).toBe('training-recommendation-alert-dpmptsp-2026-08');
  });

  it('recommends the chosen programs to the agency', () => {
    if (!command) throw new Error('expected a command');
    spec.given([]).when(trainingCommand('RecommendTargetedPrograms', command, NOW, 'bkpsdm', 'training-service')).then([recommended]);
  });

  it('is idempotent: the same alert again records nothing, and is not refused', () => {
    if (!command) throw new Error('expected a command');
    spec.given([recommended]).when(trainingCommand('RecommendTargetedPrograms', command, '2026-09-03T07:00:00+07:00', 'bkpsdm')).then([]);
    spec.given([recommended]).when(trainingCommand('RecommendTargetedPrograms', { ...command, programIds: ['prg-oss'] }, NOW, 'bkpsdm')).then([]);
  });

  it('is not made when the catalogue has nothing for the service', () => {
    expect(recommendationFor(alert, catalogue.filter((program) => program.competencyArea === 'managerial'))).toBeUndefined();
  });

  it('refuses invalid commands', () => {
    if (!command) throw new Error('expected a command');
    for (const overrides of [{ programIds: [] }, { period: '2026-13' }, { service: 'taxes' as never }, { agencyId: '' }, { alertId: '' }]) {
      spec.given([]).when(trainingCommand('RecommendTargetedPrograms', { ...command, ...overrides }, NOW, 'bkpsdm')).thenRejects('TRAINING_RECOMMENDATION.INVALID_INPUT');
    }
  });
});

describe('the ServicePerformanceBelowStandard integration event', () => {
  it('has a contract at schema version 1 and no personal data', () => {
    const contract = new EventContracts([servicePerformanceBelowStandardContract]).get('ServicePerformanceBelowStandard');
    expect(contract).toMatchObject({ schemaVersion: 1 });
    expect(contract?.personalData).toBeUndefined();
  });

  it('is checked before it is acted upon', () => {
    expect(servicePerformanceProblem(alert)).toBeUndefined();
    expect(servicePerformanceProblem({ ...alert, serviceCode: null })).toBeUndefined();
    expect(servicePerformanceProblem({ ...alert, shareWithinStandard: 1.2 })).toMatch('shareWithinStandard');
    expect(servicePerformanceProblem({ ...alert, threshold: -0.1 })).toMatch('threshold');
    expect(servicePerformanceProblem({ ...alert, period: '2026-8' })).toMatch('period');
    expect(servicePerformanceProblem({ ...alert, service: 'taxes' as never })).toMatch('service');
    expect(servicePerformanceProblem({ ...alert, alertId: '' })).toMatch('alertId');
    expect(servicePerformanceProblem({ ...alert, agencyId: ' ' })).toMatch('agencyId');
  });
});
