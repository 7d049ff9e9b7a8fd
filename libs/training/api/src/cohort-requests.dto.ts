/** The requests about cohorts: scheduling, enrolment, attendance and completion. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { TRAINING_ID, NIP_PATTERN, LOCAL_DATE, NIP_PROPERTY } from './training-values';

export class SessionDto {
  @ApiProperty({ type: String, pattern: TRAINING_ID.source, example: 's1' })
  @IsString()
  @Matches(TRAINING_ID, { message: 'sessionId must be 1-100 letters, digits or . _ : -' })
  sessionId!: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-03-02' })
  @IsString()
  @Matches(LOCAL_DATE, { message: 'date must be YYYY-MM-DD' })
  date!: string;
}

export class ScheduleCohortDto {
  @ApiProperty({ type: String, format: 'date', example: '2026-03-02' })
  @IsString()
  @Matches(LOCAL_DATE, { message: 'startsOn must be YYYY-MM-DD' })
  startsOn!: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-03-04' })
  @IsString()
  @Matches(LOCAL_DATE, { message: 'endsOn must be YYYY-MM-DD' })
  endsOn!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1000, example: 20 })
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity!: number;

  @ApiProperty({ type: [SessionDto], minItems: 1, maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SessionDto)
  sessions!: SessionDto[];
}

/**
 * Whom to enrol: a civil servant in BKPSDM's register, by NIP. Where they serve and their name come from
 * the register, never from the request (a caller could otherwise claim another agency's civil servant).
 */
export class EnrolDto {
  @ApiProperty(NIP_PROPERTY)
  @IsString()
  @Matches(NIP_PATTERN, { message: 'nip must be 18 digits' })
  nip!: string;
}

export class WithdrawEnrolmentDto {
  @ApiProperty(NIP_PROPERTY)
  @IsString()
  @Matches(NIP_PATTERN, { message: 'nip must be 18 digits' })
  nip!: string;

  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string | null;
}

export class RecordAttendanceDto {
  @ApiProperty({ type: String, pattern: TRAINING_ID.source, example: 's1' })
  @IsString()
  @Matches(TRAINING_ID, { message: 'sessionId must be 1-100 letters, digits or . _ : -' })
  sessionId!: string;

  @ApiProperty({ type: 'array', maxItems: 1000, items: { type: 'string', pattern: NIP_PATTERN.source }, example: ['198503122010011001'] })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Matches(NIP_PATTERN, { each: true, message: 'each presentNips entry must be 18 digits' })
  presentNips!: string[];
}

export class CompleteDto {
  @ApiProperty(NIP_PROPERTY)
  @IsString()
  @Matches(NIP_PATTERN, { message: 'nip must be 18 digits' })
  nip!: string;

  @ApiProperty({ type: Number, minimum: 0, maximum: 100, example: 86 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score!: number;

  @ApiProperty({ type: Boolean, example: true })
  @IsBoolean()
  passed!: boolean;

  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true, description: 'Required when passed', example: 'BKPSDM/PPBD/2026/001' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  certificateNumber?: string | null;
}
