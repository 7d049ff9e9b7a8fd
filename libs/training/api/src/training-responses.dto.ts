/** The answers of the training API, returned by the training service and documented by the gateway. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageDto } from '@palembang/api-conventions';
import { SessionDto } from './cohort-requests.dto';
import { ProviderDto } from './program-requests.dto';
import { AGREEMENT_SCOPES, COMPETENCY_AREAS, DELIVERY_MODES, PARTNER_KINDS, PROGRAM_STATUSES, RESEARCH_KINDS } from './training-values';

export class ProgramDto {
  @ApiProperty() programId!: string;
  @ApiProperty({ description: 'The owning agency' }) agencyId!: string;
  @ApiProperty({ enum: PROGRAM_STATUSES }) status!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: COMPETENCY_AREAS }) competencyArea!: string;
  @ApiProperty({ type: 'integer' }) jp!: number;
  @ApiProperty({ enum: DELIVERY_MODES }) deliveryMode!: string;
  @ApiProperty({ type: ProviderDto }) provider!: ProviderDto;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) xapiActivityIds!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: 'integer', description: 'The stream version (ETag)' }) version!: number;
}

export class ProgramPageDto extends PageDto {
  @ApiProperty({ type: [ProgramDto] }) items!: ProgramDto[];
}

export class ParticipantDto {
  @ApiProperty() enrolmentId!: string;
  @ApiProperty() nip!: string;
  @ApiProperty() employerAgencyId!: string;
  @ApiProperty({ enum: ['enrolled', 'waitlisted', 'withdrawn', 'completed'] }) status!: string;
  @ApiProperty({ type: Boolean, nullable: true }) passed!: boolean | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'Place on the waiting list (1 = next)' }) waitlistPosition?: number | null;
}

export class CohortDto {
  @ApiProperty() cohortId!: string;
  @ApiProperty({ description: 'The organising agency' }) agencyId!: string;
  @ApiProperty() programId!: string;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status!: string;
  @ApiProperty({ type: 'integer' }) programJp!: number;
  @ApiProperty({ format: 'date' }) startsOn!: string;
  @ApiProperty({ format: 'date' }) endsOn!: string;
  @ApiProperty({ type: 'integer' }) capacity!: number;
  @ApiProperty({ type: 'integer' }) seatsTaken!: number;
  @ApiProperty({ type: [SessionDto] }) sessions!: SessionDto[];
  @ApiProperty({ type: [String], description: 'NIPs waiting, first first (only for the organiser, BKPSDM and agencies:all)' }) waitlist!: string[];
  @ApiProperty({ type: [ParticipantDto], description: "Only the participants the caller may see: the organiser, BKPSDM and agencies:all see all, another agency its own civil servants" })
  participants!: ParticipantDto[];
  @ApiProperty({ type: 'integer' }) version!: number;
}

export class CohortSummaryDto {
  @ApiProperty() cohortId!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status!: string;
  @ApiProperty({ format: 'date' }) startsOn!: string;
  @ApiProperty({ format: 'date' }) endsOn!: string;
  @ApiProperty({ type: 'integer' }) capacity!: number;
}

export class CohortSummaryListDto {
  @ApiProperty({ type: [CohortSummaryDto] }) items!: CohortSummaryDto[];
}

export class EnrolmentDto {
  @ApiProperty() cohortId!: string;
  @ApiProperty({ type: ParticipantDto }) participant!: ParticipantDto;
  @ApiProperty({ type: 'integer' }) version!: number;
}

export class CountedCreditDto {
  @ApiProperty({ enum: ['program', 'xapi'] }) source!: string;
  @ApiProperty() programId!: string;
  @ApiProperty({ type: 'integer', description: '0 for a second credit of the same program in the same year' }) jp!: number;
  @ApiProperty({ format: 'date-time' }) creditedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Cohort id or xAPI statement id' }) reference!: string | null;
  @ApiProperty() duplicate!: boolean;
}

export class DevelopmentRecordDto {
  @ApiProperty() nip!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The agency the civil servant serves at (register), if registered' }) agencyId!: string | null;
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty({ type: 'integer' }) jpEarned!: number;
  @ApiProperty({ type: 'integer', example: 20 }) minimumJp!: number;
  @ApiProperty() met!: boolean;
  @ApiProperty({ type: 'integer' }) remainingJp!: number;
  @ApiProperty({ type: [CountedCreditDto] }) credits!: CountedCreditDto[];
}

export class DevelopmentRecordListDto {
  @ApiProperty() agencyId!: string;
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty({ type: 'integer', description: 'Civil servants registered at the agency' }) civilServants!: number;
  @ApiProperty({ type: 'integer', description: 'Of them, those with at least 20 JP this year' }) meetingMinimum!: number;
  @ApiProperty({ type: [DevelopmentRecordDto] }) items!: DevelopmentRecordDto[];
}

export class CivilServantDto {
  @ApiProperty() nip!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
}

export class AgreementDto {
  @ApiProperty() agreementId!: string;
  @ApiProperty({ type: [String], enum: AGREEMENT_SCOPES }) scope!: string[];
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ format: 'date' }) validUntil!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) terminatedOn!: string | null;
}

export class PartnerDto {
  @ApiProperty() partnerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PARTNER_KINDS }) kind!: string;
  @ApiProperty({ type: [AgreementDto] }) agreements!: AgreementDto[];
  @ApiProperty({ type: 'integer' }) version!: number;
}

export class PartnerListDto {
  @ApiProperty({ type: [PartnerDto] }) items!: PartnerDto[];
}

export class InternshipDto {
  @ApiProperty() internshipId!: string;
  @ApiProperty({ description: 'The host agency' }) agencyId!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty() agreementId!: string;
  @ApiProperty() studentId!: string;
  @ApiProperty() supervisorNip!: string;
  @ApiProperty({ format: 'date' }) startsOn!: string;
  @ApiProperty({ format: 'date' }) endsOn!: string;
  @ApiProperty({ enum: ['placed', 'evaluated', 'completed'] }) status!: string;
  @ApiProperty({ type: Number, nullable: true }) score!: number | null;
  @ApiProperty({ type: 'integer' }) version!: number;
}

export class ResearchRecommendationDto {
  @ApiProperty() recommendationId!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ enum: ['open', 'accepted', 'rejected', 'implemented'] }) status!: string;
}

export class ResearchProjectDto {
  @ApiProperty() projectId!: string;
  @ApiProperty({ description: 'The agency studied' }) agencyId!: string;
  @ApiProperty() partnerId!: string;
  @ApiProperty() agreementId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: RESEARCH_KINDS }) kind!: string;
  @ApiProperty({ enum: ['proposed', 'reported'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) findings!: string | null;
  @ApiProperty({ type: [ResearchRecommendationDto] }) recommendations!: ResearchRecommendationDto[];
  @ApiProperty({ type: 'integer' }) version!: number;
}

export class TrainingRecommendationDto {
  @ApiProperty({ description: 'The alert of accountability this answers' }) alertId!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ enum: ['permits', 'complaints'] }) service!: string;
  @ApiProperty({ example: '2026-08' }) period!: string;
  @ApiProperty({ type: [String] }) programIds!: string[];
  @ApiProperty({ format: 'date-time' }) recommendedAt!: string;
}

export class TrainingRecommendationListDto {
  @ApiProperty({ type: [TrainingRecommendationDto] }) items!: TrainingRecommendationDto[];
}

export class TrainingForgetResultDto {
  @ApiProperty({ type: Number, description: 'Personal-data keys erased (0 when already forgotten)' }) erasedKeys!: number;
}

/** GET /v1/internships: the internships of one agency. */
export class InternshipListDto {
  @ApiProperty({ type: [InternshipDto] }) items!: InternshipDto[];
}

/** GET /v1/research-projects: the research projects of one agency. */
export class ResearchProjectListDto {
  @ApiProperty({ type: [ResearchProjectDto] }) items!: ResearchProjectDto[];
}
