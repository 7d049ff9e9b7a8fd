import { ResearchProjectDto } from '@palembang/training-api';
import { ProjectAnswer } from '../research.service';

/** A project as answered: its findings and the texts of its recommendations come from its events, their statuses from its state. */
export function researchProjectDto({ project, envelopes, version }: ProjectAnswer): ResearchProjectDto {
  const texts = new Map<string, string>();
  let findings: string | null = null;
  for (const envelope of envelopes) {
    const data = envelope.data as { recommendationId?: string; text?: string; summary?: string };
    if (envelope.type === 'RecommendationAdded' && data.recommendationId) texts.set(data.recommendationId, String(data.text));
    if (envelope.type === 'ResearchFindingsRecorded') findings = String(data.summary);
  }
  const statuses = project.status === 'reported' ? project.recommendations : {};
  return {
    projectId: project.projectId, agencyId: project.agencyId, partnerId: project.partnerId, agreementId: project.agreementId, title: project.title, kind: project.kind, status: project.status, findings,
    recommendations: Object.entries(statuses).map(([recommendationId, status]) => ({ recommendationId, text: texts.get(recommendationId) ?? '', status })),
    version,
  };
}
