
import { DEFAULT_PAGE_LIMIT, PageQuery } from '@palembang/api-conventions';
import { ValidationProblemException } from './problem-exceptions';

// The public paging classes live with the API libraries' conventions; re-exported for the services.
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, PageDto, PageQuery } from '@palembang/api-conventions';

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
