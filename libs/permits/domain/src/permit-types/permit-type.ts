/**
 * A permit type as its service standard (Standar Pelayanan, PermenPANRB 15/2014):
 * what the applicant must hand in, what it costs and how long the agency may take.
 */
export type PermitType = Readonly<{
  /** Stable code used in commands, events and URLs, e.g. `PBG`. */
  code: string;
  name: string;
  /** The agency (OPD) that decides applications of this type, e.g. `dinas-pupr`. */
  agencyId: string;
  /** Codes of the documents a complete application holds. */
  requiredDocuments: readonly string[];
  /**
   * Service fee in rupiah; 0 when the service is free of charge. Levies assessed per
   * case (retribusi PBG by floor area, pajak reklame) are billed elsewhere, not here.
   */
  feeIdr: number;
  /** Processing time in working days, counted from the verification of a complete application. */
  processingDays: number;
  /** Fiktif positif (PP 28/2025): the deadline passing without a decision approves the application. */
  deemedApproval: boolean;
  /** Legal basis, for people. */
  legalBasis?: string;
}>;

/** The part of the standard an application keeps from the day it was submitted. */
export type ServiceStandardSnapshot = Pick<PermitType, 'requiredDocuments' | 'feeIdr' | 'processingDays' | 'deemedApproval'>;

export function snapshotOf(type: PermitType): ServiceStandardSnapshot {
  return {
    requiredDocuments: [...type.requiredDocuments],
    feeIdr: type.feeIdr,
    processingDays: type.processingDays,
    deemedApproval: type.deemedApproval,
  };
}

/** The permit types an agency offers, looked up by code. Refuses inconsistent configuration. */
export class PermitTypeCatalogue {
  private readonly byCode = new Map<string, PermitType>();

  constructor(types: readonly PermitType[]) {
    for (const type of types) {
      const problem = problemWith(type);
      if (problem) throw new Error(`Permit type ${type.code || '(no code)'}: ${problem}`);
      if (this.byCode.has(type.code)) throw new Error(`Permit type ${type.code} is defined twice`);
      this.byCode.set(type.code, type);
    }
  }

  find(code: string): PermitType | undefined {
    return this.byCode.get(code);
  }

  all(): readonly PermitType[] {
    return [...this.byCode.values()];
  }

  ofAgency(agencyId: string): readonly PermitType[] {
    return this.all().filter((type) => type.agencyId === agencyId);
  }
}

function problemWith(type: PermitType): string | undefined {
  if (!/^[A-Z0-9][A-Z0-9-]*$/.test(type.code)) return 'the code must be upper case letters, digits and dashes';
  if (!type.name.trim()) return 'the name is empty';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(type.agencyId)) return 'the agency id must be lower case letters, digits and dashes';
  if (!Number.isSafeInteger(type.feeIdr) || type.feeIdr < 0) return 'the fee must be a whole number of rupiah >= 0';
  if (!Number.isSafeInteger(type.processingDays) || type.processingDays < 1) return 'the processing time must be a whole number of working days >= 1';
  if (new Set(type.requiredDocuments).size !== type.requiredDocuments.length) return 'a required document is listed twice';
  return undefined;
}
