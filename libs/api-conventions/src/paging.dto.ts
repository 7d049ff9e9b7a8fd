import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/**
 * The one paging contract of every list route: `?cursor=&limit=` in, `{ items, nextCursor }` out.
 * These are the public API's classes, shared by every service's API library and the gateway;
 * reading a page (cursor codec, keyset query) is libs/http's.
 */
export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;
/** A cursor is base64url (libs/http encodeCursor); anything else is refused before it is decoded. */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The paging fields of a list query; a route's query DTO extends it with its filters. */
export class PageQuery {
  @ApiPropertyOptional({ type: String, maxLength: 200, pattern: CURSOR_PATTERN.source, description: 'nextCursor of the previous page (opaque, base64url); a value no list issued is a 400' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(CURSOR_PATTERN, { message: 'cursor must be a nextCursor returned by this list' })
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;
}

/** The paging field of a list answer; a route's page DTO extends it with its typed `items`. */
export class PageDto {
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}
