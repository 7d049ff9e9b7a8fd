/**
 * How an agency follows a complaint up, which sets its deadline (SP4N-LAPOR!,
 * PermenPANRB 62/2018): information requests and ordinary complaints 5 working days,
 * cases that need no field check 14, cases that need a field examination 60.
 */
export type FollowUpKind = 'standard' | 'no-field-check' | 'field-examination';

export const FOLLOW_UP_KINDS: readonly FollowUpKind[] = ['standard', 'no-field-check', 'field-examination'];

export const FOLLOW_UP_WORKING_DAYS: Readonly<Record<FollowUpKind, number>> = {
  standard: 5,
  'no-field-check': 14,
  'field-examination': 60,
};

/** The complaints desk (Dinas Komunikasi dan Informatika) that verifies every report and routes it to an agency. */
export const COMPLAINTS_DESK_AGENCY = 'dinas-kominfo';

/** A category of report, with the agency (OPD) responsible for it and how it is usually followed up. */
export type ComplaintCategory = Readonly<{
  /** Stable code used in commands, events and Open311 `service_code`, e.g. `JALAN-RUSAK`. */
  code: string;
  /** Indonesian name, as the portal shows it. */
  name: string;
  description: string;
  /** The agency a verified report of this category is routed to unless the desk decides otherwise. */
  agencyId: string;
  /** The follow-up kind a report of this category gets unless the desk decides otherwise. */
  followUpKind: FollowUpKind;
}>;

/** The categories a city offers, looked up by code. Refuses inconsistent configuration. */
export class ComplaintCategoryCatalogue {
  private readonly byCode = new Map<string, ComplaintCategory>();

  constructor(categories: readonly ComplaintCategory[]) {
    for (const category of categories) {
      const problem = problemWith(category);
      if (problem) throw new Error(`Complaint category ${category.code || '(no code)'}: ${problem}`);
      if (this.byCode.has(category.code)) throw new Error(`Complaint category ${category.code} is defined twice`);
      this.byCode.set(category.code, category);
    }
  }

  find(code: string): ComplaintCategory | undefined {
    return this.byCode.get(code);
  }

  list(): readonly ComplaintCategory[] {
    return [...this.byCode.values()];
  }
}

export function isFollowUpKind(value: unknown): value is FollowUpKind {
  return typeof value === 'string' && (FOLLOW_UP_KINDS as readonly string[]).includes(value);
}

/** Agency ids are lower case slugs such as `dinas-pupr`. */
export function isAgencyId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z0-9][a-z0-9-]{1,62}$/.test(value);
}

function problemWith(category: ComplaintCategory): string | undefined {
  if (!/^[A-Z0-9][A-Z0-9-]*$/.test(category.code)) return 'the code must be upper case letters, digits and dashes';
  if (!category.name.trim()) return 'the name is empty';
  if (!isAgencyId(category.agencyId)) return 'the agency id must be lower case letters, digits and dashes';
  if (category.agencyId === COMPLAINTS_DESK_AGENCY) return 'reports are routed to an agency, not back to the complaints desk';
  if (!isFollowUpKind(category.followUpKind)) return `the follow-up kind must be one of ${FOLLOW_UP_KINDS.join(', ')}`;
  return undefined;
}
