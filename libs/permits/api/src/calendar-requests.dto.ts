/** The requests of the working-day calendar API (hosted by the permits service, documented by the gateway). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsNotEmptyObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

/** The same bounds as the calendar-year decider's CALENDAR_LIMITS (an API library may not import the domain). */
export const CALENDAR_BOUNDS = { daysPerYear: 60, nameLength: 120, referenceLength: 200, reasonLength: 1000 } as const;
export const CALENDAR_DAY_KINDS = ['national-holiday', 'collective-leave'] as const;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'must be a date YYYY-MM-DD';

function LocalDateField(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Matches(LOCAL_DATE, { message: `${String(key)} ${DATE_MESSAGE}` })(target, key);
  };
}

function DayName(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Length(1, CALENDAR_BOUNDS.nameLength)(target, key);
  };
}

function Nested(type: () => new () => object): PropertyDecorator {
  return (target, key) => {
    IsDefined()(target, key);
    IsNotEmptyObject()(target, key);
    ValidateNested()(target, key);
    Type(type)(target, key);
  };
}

function DayList(type: () => new () => object): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMaxSize(CALENDAR_BOUNDS.daysPerYear)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(type)(target, key);
  };
}

export class DecreeReferenceDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: CALENDAR_BOUNDS.referenceLength, description: 'The number of the decree (SKB) or amending decree', example: 'SKB 3 Menteri Nomor 1017 Tahun 2026' })
  @IsString()
  @Length(1, CALENDAR_BOUNDS.referenceLength)
  reference!: string;

  @ApiProperty({ type: String, format: 'date', description: 'When it was signed', example: '2026-09-15' })
  @LocalDateField()
  date!: string;
}

export class DayOffInputDto {
  @ApiProperty({ type: String, format: 'date', description: 'A day of the year published', example: '2027-03-10' })
  @LocalDateField()
  date!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: CALENDAR_BOUNDS.nameLength, example: 'Idul Fitri 1448 Hijriah' })
  @DayName()
  name!: string;
}

export class CalendarDayInputDto extends DayOffInputDto {
  @ApiProperty({ type: String, enum: CALENDAR_DAY_KINDS })
  @IsIn(CALENDAR_DAY_KINDS, { message: `kind must be one of ${CALENDAR_DAY_KINDS.join(', ')}` })
  kind!: (typeof CALENDAR_DAY_KINDS)[number];
}

/** A year's joint decree on national holidays and collective leave, as published. */
export class PublishCalendarYearDto {
  @ApiProperty({ type: DecreeReferenceDto })
  @Nested(() => DecreeReferenceDto)
  decree!: DecreeReferenceDto;

  @ApiProperty({
    type: DayOffInputDto,
    isArray: true,
    maxItems: CALENDAR_BOUNDS.daysPerYear,
    description: 'National holidays (hari libur nasional), weekends included or not',
    example: [{ date: '2027-03-10', name: 'Idul Fitri 1448 Hijriah' }],
  })
  @DayList(() => DayOffInputDto)
  nationalHolidays!: DayOffInputDto[];

  // Its own example: the day's example alone would list one day as both a holiday and leave, which the calendar refuses.
  @ApiProperty({
    type: DayOffInputDto,
    isArray: true,
    maxItems: CALENDAR_BOUNDS.daysPerYear,
    description: 'Collective leave (cuti bersama)',
    example: [{ date: '2027-03-11', name: 'Cuti bersama Idul Fitri 1448 Hijriah' }],
  })
  @DayList(() => DayOffInputDto)
  collectiveLeave!: DayOffInputDto[];
}

/** An amending decree: days added and removed, with its reason. Days already passed (Jakarta) cannot change. */
export class AmendCalendarYearDto {
  @ApiProperty({ type: DecreeReferenceDto, description: 'The amending decree; each is recorded once per year' })
  @Nested(() => DecreeReferenceDto)
  amendment!: DecreeReferenceDto;

  @ApiProperty({ type: String, minLength: 1, maxLength: CALENDAR_BOUNDS.reasonLength, example: 'Idul Fitri bergeser sesuai hasil sidang isbat' })
  @IsString()
  @Length(1, CALENDAR_BOUNDS.reasonLength)
  reason!: string;

  @ApiPropertyOptional({ type: CalendarDayInputDto, isArray: true, maxItems: CALENDAR_BOUNDS.daysPerYear, default: [] })
  @IsOptional()
  @DayList(() => CalendarDayInputDto)
  add?: CalendarDayInputDto[];

  @ApiPropertyOptional({ type: String, format: 'date', isArray: true, maxItems: CALENDAR_BOUNDS.daysPerYear, default: [], description: 'Days off that become working days again' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CALENDAR_BOUNDS.daysPerYear)
  @Matches(LOCAL_DATE, { each: true, message: `each of remove ${DATE_MESSAGE}` })
  remove?: string[];
}
