import { AgreementTerms, agreementOf, partnerDecider } from '@palembang/training-domain';
import { TrainingStore } from '../shared/training-store';
import { partnerStreamId } from './partners.controller';

/** The terms of a partner's agreement, read for PlaceIntern and ProposeResearch (null when unknown: the rules answer 400). */
export async function agreementTermsOf(store: TrainingStore, partnerId: string, agreementId: string): Promise<AgreementTerms | null> {
  const { state } = await store.load(partnerDecider(), partnerStreamId(partnerId));
  return agreementOf(state, agreementId) ?? null;
}
