import { assertNever, Event } from '@palembang/events/core';

export type CreditSource = 'program' | 'xapi';

/** The stream of one civil servant's development record of one year. */
export const developmentStreamId = (nip: string, year: number): string => `development-${nip}-${year}`;

export type DevelopmentRef = Readonly<{ nip: string; year: number }>;

/** The agency employing the civil servant when the credit was earned: accountability counts JP per civil servant per agency by it. */
export type CreditAgency = Readonly<{ agencyId: string }>;

/**
 * JP credited to a civil servant. `reference` is the cohort id (source `program`) or the xAPI
 * statement id (source `xapi`). `creditedAt` is when the learning was completed, in the
 * Asia/Jakarta `year`; `recordedAt` when the credit was recorded.
 */
export type JpCredited = Event<'JpCredited', DevelopmentRef & CreditAgency & {
  source: CreditSource;
  programId: string;
  jp: number;
  reference: string;
  creditedAt: string;
  recordedAt: string;
}>;

/** A credit withdrawn, e.g. because its xAPI statement was voided: its program may be credited again that year. */
export type JpCreditRevoked = Event<'JpCreditRevoked', DevelopmentRef & CreditAgency & {
  source: CreditSource;
  programId: string;
  jp: number;
  reference: string;
  reason: string;
  revokedAt: string;
}>;

export type DevelopmentEvent = JpCredited | JpCreditRevoked;

export type RecordedCredit = Readonly<{ source: CreditSource; programId: string; agencyId: string; jp: number; reference: string; creditedAt: string }>;

export type DevelopmentAccount =
  | Readonly<{ status: 'absent' }>
  | (DevelopmentRef & Readonly<{
      status: 'recording';
      /** Credits in force. */
      credits: readonly RecordedCredit[];
      jpEarned: number;
      /** References whose credit was revoked: never credited again. */
      revokedReferences: readonly string[];
    }>);

export const initialDevelopmentAccount = (): DevelopmentAccount => ({ status: 'absent' });

export function evolveDevelopmentAccount(state: DevelopmentAccount, event: DevelopmentEvent): DevelopmentAccount {
  switch (event.type) {
    case 'JpCredited': {
      const { nip, year, agencyId, source, programId, jp, reference, creditedAt } = event.data;
      const credits = state.status === 'absent' ? [] : state.credits;
      const jpEarned = state.status === 'absent' ? 0 : state.jpEarned;
      const revokedReferences = state.status === 'absent' ? [] : state.revokedReferences;
      return { status: 'recording', nip, year, credits: [...credits, { source, programId, agencyId, jp, reference, creditedAt }], jpEarned: jpEarned + jp, revokedReferences };
    }
    case 'JpCreditRevoked': {
      if (state.status !== 'recording') return state;
      const credits = state.credits.filter((credit) => credit.reference !== event.data.reference);
      return { ...state, credits, jpEarned: credits.reduce((sum, credit) => sum + credit.jp, 0), revokedReferences: [...state.revokedReferences, event.data.reference] };
    }
    default:
      return assertNever(event);
  }
}
