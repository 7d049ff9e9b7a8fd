import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ValidationProblemException } from './problem-exceptions';

/**
 * The one paging contract of every list route: `?cursor=&limit=` in, `{ items, nextCursor }` out,
 * keyset-ordered by (time DESC, id DESC) so that a page never skips or repeats a row written meanwhile.
 */
export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

/** The paging fields of a list query; a route's query DTO extends it with its filters. */
export class PageQuery {
  @ApiPropertyOptional({ type: String, maxLength: 200, description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
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

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Where a page ended in a list ordered by (time DESC, id DESC): opaque to clients. */
export type KeysetPosition = Readonly<{ at: string; id: string }>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

/** The position a cursor names, or null when it is not a cursor a list issued (ids are UUIDs unless `idPattern` says otherwise). */
export function decodeCursor(cursor: string, idPattern: RegExp = UUID): KeysetPosition | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || !Number.isFinite(Date.parse(at))) return null;
    if (typeof id !== 'string' || !idPattern.test(id)) return null;
    return { at: new Date(at).toISOString(), id };
  } catch {
    return null;
  }
}

/** A list query's paging, checked: a cursor no list issued is a 400 naming the field. */
export function pagingOf(query: PageQuery, idPattern: RegExp = UUID): { after: KeysetPosition | null; limit: number } {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor, idPattern);
  if (query.cursor !== undefined && after === null) throw new ValidationProblemException([{ field: 'cursor', message: 'cursor must be a nextCursor returned by this list' }]);
  return { after, limit: query.limit ?? DEFAULT_PAGE_LIMIT };
}

/**
 * A page from `limit + 1` rows read in keyset order: the extra row only says there is a next
 * page, whose cursor is the position of the last row returned.
 */
export function pageOf<Row, Item>(rows: readonly Row[], limit: number, itemOf: (row: Row) => Item, positionOf: (row: Row) => KeysetPosition): Page<Item> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(itemOf), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null };
}
