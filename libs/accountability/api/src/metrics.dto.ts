/**
 * The answers of the accountability metrics API, shared by the accountability
 * service and the gateway that documents its public routes. Figures only: no
 * answer ever names a person (no NIP, no name, no case id); civil servants are counted.
 */
import { ApiProperty } from '@nestjs/swagger';

/**
 * The periods (YYYY-MM-DD, YYYY-MM or YYYY of the years 2000-2099, as the accountability domain's
 * granularityOf accepts them) as one JSON-schema pattern: for the accountability document and for the
 * gateway's dashboard, which checks a period before it asks for the ranking.
 */
export const PERIOD_PATTERN = '^20\\d{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$';

export const GRANULARITIES = ['day', 'month', 'year'] as const;
export const AGEING_BUCKET_NAMES = ['0', '1-2', '3-7', '8-30', '31-90', '>90'] as const;
export const IKM_GRADES = ['A', 'B', 'C', 'D'] as const;
export const AGENCY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;

export class PeriodDto {
  @ApiProperty({ type: String, example: '2026-11', description: 'YYYY-MM-DD, YYYY-MM or YYYY, Asia/Jakarta' }) period!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'First instant of the period (+07:00)' }) from!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'First instant after the period (+07:00), exclusive' }) to!: string;
}

export class AgeingDto {
  @ApiProperty({ type: Number, name: '0' }) '0'!: number;
  @ApiProperty({ type: Number, name: '1-2' }) '1-2'!: number;
  @ApiProperty({ type: Number, name: '3-7' }) '3-7'!: number;
  @ApiProperty({ type: Number, name: '8-30' }) '8-30'!: number;
  @ApiProperty({ type: Number, name: '31-90' }) '31-90'!: number;
  @ApiProperty({ type: Number, name: '>90' }) '>90'!: number;
}

export class PermitFiguresDto {
  @ApiProperty({ type: Number, description: 'Applications submitted in the period' }) received!: number;
  @ApiProperty({ type: Number, description: 'approved + deemedApprovals + rejected, decided in the period' }) decided!: number;
  @ApiProperty({ type: Number }) approved!: number;
  @ApiProperty({ type: Number, description: 'Fiktif positif: approved because the deadline passed' }) deemedApprovals!: number;
  @ApiProperty({ type: Number }) rejected!: number;
  @ApiProperty({ type: Number }) withdrawn!: number;
  @ApiProperty({ type: Number, description: 'SLA breaches detected in the period' }) slaBreaches!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Median working days from verification to decision (pauses excluded)' }) medianWorkingDays!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'p90 (nearest rank) of the same' }) p90WorkingDays!: number | null;
  @ApiProperty({ type: Number }) casesMeasured!: number;
  @ApiProperty({ type: Number }) casesWithinStandard!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'casesWithinStandard / casesMeasured, 0..1' }) shareWithinStandard!: number | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'The instant backlog and ageing are measured at' }) asOf!: string;
  @ApiProperty({ type: Number, description: 'Applications open at asOf' }) backlog!: number;
  @ApiProperty({ type: AgeingDto, description: 'The backlog by Jakarta calendar days since submission' }) ageing!: AgeingDto;
}

export class ComplaintFiguresDto {
  @ApiProperty({ type: Number }) received!: number;
  @ApiProperty({ type: Number }) archived!: number;
  @ApiProperty({ type: Number }) verificationsMeasured!: number;
  @ApiProperty({ type: Number }) verifiedWithinDeadline!: number;
  @ApiProperty({ type: Number, nullable: true }) shareVerifiedWithin3WorkingDays!: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianFirstResponseWorkingDays!: number | null;
  @ApiProperty({ type: Number }) resolved!: number;
  @ApiProperty({ type: Number }) resolvedWithinDeadline!: number;
  @ApiProperty({ type: Number, nullable: true }) medianResolutionWorkingDays!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'resolvedWithinDeadline / resolved, 0..1' }) shareResolvedWithinDeadline!: number | null;
  @ApiProperty({ type: Number }) firstResolved!: number;
  @ApiProperty({ type: Number }) reopened!: number;
  @ApiProperty({ type: Number, nullable: true }) reopenRate!: number | null;
  @ApiProperty({ type: Number, description: 'Verification and follow-up escalations detected in the period' }) escalations!: number;
}

export class ServiceSatisfactionDto {
  @ApiProperty({ type: String, enum: ['permit', 'complaint'] }) serviceKind!: string;
  @ApiProperty({ type: String, example: 'TDUP', description: 'Permit type or complaint category' }) serviceCode!: string;
  @ApiProperty({ type: Number }) respondents!: number;
  @ApiProperty({ type: Object, nullable: true, description: 'The nine elements\' averages (NRR, U1..U9); null without respondents' }) elementAverages!: Record<string, number> | null;
  @ApiProperty({ type: Number, nullable: true, description: 'IKM 25..100, two decimals' }) ikm!: number | null;
  @ApiProperty({ type: String, nullable: true, enum: IKM_GRADES }) grade!: string | null;
}

/** NRR per SKM element (U1..U9): the sum of its scores over the respondents, full precision (1..4). */
export class ElementAveragesDto {
  @ApiProperty({ type: Number, description: 'Persyaratan' }) U1!: number;
  @ApiProperty({ type: Number, description: 'Sistem, mekanisme dan prosedur' }) U2!: number;
  @ApiProperty({ type: Number, description: 'Waktu penyelesaian' }) U3!: number;
  @ApiProperty({ type: Number, description: 'Biaya/tarif' }) U4!: number;
  @ApiProperty({ type: Number, description: 'Produk spesifikasi jenis pelayanan' }) U5!: number;
  @ApiProperty({ type: Number, description: 'Kompetensi pelaksana' }) U6!: number;
  @ApiProperty({ type: Number, description: 'Perilaku pelaksana' }) U7!: number;
  @ApiProperty({ type: Number, description: 'Penanganan pengaduan, saran dan masukan' }) U8!: number;
  @ApiProperty({ type: Number, description: 'Sarana dan prasarana' }) U9!: number;
}

export class SatisfactionFiguresDto {
  @ApiProperty({ type: Number }) respondents!: number;
  @ApiProperty({ type: ElementAveragesDto, nullable: true, description: 'The nine elements\' averages (NRR); null without respondents' }) elementAverages!: ElementAveragesDto | null;
  @ApiProperty({ type: Number, nullable: true, description: 'IKM (PermenPANRB 14/2017) over every respondent of the agency in the period, two decimals' }) ikm!: number | null;
  @ApiProperty({ type: String, nullable: true, enum: IKM_GRADES }) grade!: string | null;
  @ApiProperty({ type: ServiceSatisfactionDto, isArray: true }) services!: ServiceSatisfactionDto[];
}

export class TrainingFiguresDto {
  @ApiProperty({ type: Number, description: 'The Jakarta calendar year measured (the year of the period)' }) year!: number;
  @ApiProperty({ type: Number, description: 'Civil servants on the agency roster (counted, never named)' }) civilServants!: number;
  @ApiProperty({ type: Number }) totalJp!: number;
  @ApiProperty({ type: Number, nullable: true }) jpPerCivilServant!: number | null;
  @ApiProperty({ type: Number }) meeting20Jp!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Share with at least 20 JP in the year, 0..1' }) shareMeeting20Jp!: number | null;
  @ApiProperty({ type: Number }) completions!: number;
}

export class BacklogPastDeadlineDto {
  @ApiProperty({ type: Number, description: 'Verified permit applications undecided, not with the applicant, whose deadline passed before the end of the period (or now, if earlier)' }) permitsPending!: number;
  @ApiProperty({ type: Number, description: 'Complaints still pending against a verification or follow-up deadline that passed before the end of the period (or now)' }) complaintsPending!: number;
  @ApiProperty({ type: Number, description: 'Permit decisions and complaint resolutions in the period' }) closed!: number;
  @ApiProperty({ type: Number, nullable: true, description: "closed / (closed + permitsPending + complaintsPending): the ranking's backlog component; null without either" }) share!: number | null;
}

export class AgencyFiguresDto extends PeriodDto {
  @ApiProperty({ type: String, example: 'dinas-pupr' }) agencyId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Dinas Pekerjaan Umum dan Penataan Ruang', description: 'The agency\'s name in the register (GET /v1/agencies); null for an agency with cases that is not registered' }) name!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Dinas PUPR', description: 'The agency\'s short name in the register; null when not registered' }) shortName!: string | null;
  @ApiProperty({ type: PermitFiguresDto }) permits!: PermitFiguresDto;
  @ApiProperty({ type: ComplaintFiguresDto }) complaints!: ComplaintFiguresDto;
  @ApiProperty({ type: SatisfactionFiguresDto }) satisfaction!: SatisfactionFiguresDto;
  @ApiProperty({ type: TrainingFiguresDto }) training!: TrainingFiguresDto;
  @ApiProperty({ type: BacklogPastDeadlineDto, description: 'The backlog past deadline (the ranking\'s backlog component) as figures' }) backlogPastDeadline!: BacklogPastDeadlineDto;
}

export class AgencyMetricsListDto extends PeriodDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'The instant the figures are computed as of: the clock rounded up to the whole minute, so an unchanged read model answers the same (and the same ETag) within a minute' }) generatedAt!: string;
  @ApiProperty({ type: AgencyFiguresDto, isArray: true, description: 'Every registered agency (with zero counts and null figures where it has no cases), and any agency with cases that is not registered, by id' }) items!: AgencyFiguresDto[];
}

export class AgencyTimeSeriesDto {
  @ApiProperty({ type: String, example: 'dinas-pupr' }) agencyId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Dinas Pekerjaan Umum dan Penataan Ruang', description: 'The agency\'s name in the register (GET /v1/agencies); null for an agency with cases that is not registered' }) name!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Dinas PUPR', description: 'The agency\'s short name in the register; null when not registered' }) shortName!: string | null;
  @ApiProperty({ type: String, enum: GRANULARITIES }) granularity!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'The instant the figures are computed as of (the clock rounded up to the whole minute)' }) generatedAt!: string;
  @ApiProperty({ type: AgencyFiguresDto, isArray: true, description: 'One entry per period, oldest first' }) items!: AgencyFiguresDto[];
}

export const RANKING_COMPONENT_STATUSES = ['scored', 'too-few-cases', 'no-cases'] as const;
export const RANKED_AGENCY_STATUSES = ['ranked', 'insufficient-data'] as const;

export class RankingComponentsDto {
  @ApiProperty({ type: Number, nullable: true }) permits!: number | null;
  @ApiProperty({ type: Number, nullable: true }) complaints!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Cases closed in the period / (closed + cases still pending whose deadline passed before the period ended)' }) backlog!: number | null;
  @ApiProperty({ type: Number, nullable: true }) satisfaction!: number | null;
  @ApiProperty({ type: Number, nullable: true }) training!: number | null;
}

export class IntervalDto {
  @ApiProperty({ type: Number, description: 'Lower bound, 0..1' }) low!: number;
  @ApiProperty({ type: Number, description: 'Upper bound, 0..1' }) high!: number;
}

export class RankingComponentDto {
  @ApiProperty({ type: String, enum: RANKING_COMPONENT_STATUSES, description: 'scored; too-few-cases (below the minimum: not scored, lowers coverage); no-cases (not scored, lowers coverage)' }) status!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The share observed, 0..1; null without cases' }) share!: number | null;
  @ApiProperty({ type: Number, description: 'The cases the share stands on (respondents for satisfaction, civil servants for training)' }) cases!: number;
  @ApiProperty({ type: IntervalDto, nullable: true, description: '95% Wilson score interval of the share; null without cases' }) interval!: IntervalDto | null;
}

export class RankingComponentDetailsDto {
  @ApiProperty({ type: RankingComponentDto }) permits!: RankingComponentDto;
  @ApiProperty({ type: RankingComponentDto }) complaints!: RankingComponentDto;
  @ApiProperty({ type: RankingComponentDto }) backlog!: RankingComponentDto;
  @ApiProperty({ type: RankingComponentDto }) satisfaction!: RankingComponentDto;
  @ApiProperty({ type: RankingComponentDto }) training!: RankingComponentDto;
}

export class RankedAgencyDto {
  @ApiProperty({ type: Number, nullable: true, description: 'null for an agency with insufficient data' }) rank!: number | null;
  @ApiProperty({ type: String }) agencyId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Dinas Pekerjaan Umum dan Penataan Ruang', description: 'The agency\'s name in the register (GET /v1/agencies); null for an agency with cases that is not registered' }) name!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Dinas PUPR', description: 'The agency\'s short name in the register; null when not registered' }) shortName!: string | null;
  @ApiProperty({ type: String, enum: RANKED_AGENCY_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why the agency is not ranked; null when it is' }) reason!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Weighted mean of the scored components, 0..1; null when not ranked' }) score!: number | null;
  @ApiProperty({ type: IntervalDto, nullable: true, description: 'The same weighted mean of the components\' 95% Wilson bounds' }) scoreInterval!: IntervalDto | null;
  @ApiProperty({ type: Number, description: 'Share of the weights that are scored, 0..1' }) coverage!: number;
  @ApiProperty({ type: RankingComponentsDto, description: 'The share of each scored component; null where not scored' }) components!: RankingComponentsDto;
  @ApiProperty({ type: RankingComponentDetailsDto, description: 'Each component with its status, share, cases and interval' }) details!: RankingComponentDetailsDto;
}

export class RankingRulesDto {
  @ApiProperty({ type: RankingComponentsDto, description: 'The weight of each component' }) weights!: RankingComponentsDto;
  @ApiProperty({ type: Number, description: 'A component with fewer cases is not scored (RANKING_MIN_CASES)' }) minimumCases!: number;
  @ApiProperty({ type: Number, description: 'An agency with less coverage is not ranked (RANKING_MIN_COVERAGE)' }) minimumCoverage!: number;
}

export class RankingDto extends PeriodDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'The instant the figures are computed as of (the clock rounded up to the whole minute)' }) generatedAt!: string;
  @ApiProperty({ type: String, description: 'How the score is computed and why, with the rules in force' }) formula!: string;
  @ApiProperty({ type: RankingComponentsDto, description: 'The weight of each component' }) weights!: RankingComponentsDto;
  @ApiProperty({ type: RankingRulesDto, description: 'The rules in force' }) rules!: RankingRulesDto;
  @ApiProperty({ type: Number, description: 'Agencies listed in the ranking, ranked or not (all of them, also when only the own entry is listed)' }) agencies!: number;
  @ApiProperty({ type: Number, description: 'Of them, the agencies ranked' }) ranked!: number;
  @ApiProperty({ type: RankedAgencyDto, isArray: true, description: "Every agency with agencies:all, ranked ones first, then those with insufficient data; otherwise only the caller's own agency" }) items!: RankedAgencyDto[];
}

export class PermitServiceFiguresDto {
  @ApiProperty({ type: String, example: 'PBG', description: 'The permit type' }) serviceCode!: string;
  @ApiProperty({ type: PermitFiguresDto }) figures!: PermitFiguresDto;
}

export class ComplaintServiceFiguresDto {
  @ApiProperty({ type: String, example: 'JALAN-RUSAK', description: 'The complaint category' }) serviceCode!: string;
  @ApiProperty({ type: ComplaintFiguresDto }) figures!: ComplaintFiguresDto;
}

/** One agency's permit and complaint figures of one period, per permit type and per complaint category. */
export class AgencyServiceFiguresDto extends PeriodDto {
  @ApiProperty({ type: String, example: 'dinas-pupr' }) agencyId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Dinas Pekerjaan Umum dan Penataan Ruang', description: 'The agency\'s name in the register (GET /v1/agencies); null for an agency with cases that is not registered' }) name!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Dinas PUPR', description: 'The agency\'s short name in the register; null when not registered' }) shortName!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: PermitServiceFiguresDto, isArray: true, description: 'One entry per permit type with cases, by code' }) permits!: PermitServiceFiguresDto[];
  @ApiProperty({ type: ComplaintServiceFiguresDto, isArray: true, description: 'One entry per complaint category with cases, by code' }) complaints!: ComplaintServiceFiguresDto[];
}
