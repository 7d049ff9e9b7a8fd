import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';

/** A column's value as COPY's text format takes it: null is \N, the rest as text. */
export type CopyValue = string | number | boolean | null;

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format: backslash, tab, newline and carriage return escaped, null as \N. */
export function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  const text = String(value);
  // Four scans for one character each are several times faster than one for a class of four (a fact's JSON is hundreds of characters).
  const plain = text.indexOf('\\') === -1 && text.indexOf('\t') === -1 && text.indexOf('\n') === -1 && text.indexOf('\r') === -1;
  return plain ? text : text.replace(/[\\\t\n\r]/g, (character) => ESCAPES[character]);
}

/**
 * Inserts rows with COPY ... FROM STDIN on the connection of `manager`'s transaction: PostgreSQL
 * takes them with about a third less work than an INSERT of the same rows read from a JSON
 * parameter. A plain insert, so only for rows known not to be there (a duplicate key fails the
 * transaction). `columns` names the columns in the order each row gives their values.
 */
export async function copyRows(manager: EntityManager, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<void> {
  const text = new CopyText();
  for (const row of rows) text.row(row);
  if (text.rows === 0) return;
  const client = connectionOf(manager);
  await pipeline(Readable.from(text.chunks()), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

const CHUNK_BYTES = 1 << 20;
const TAB = 9;
const NEWLINE = 10;

/** Rows in COPY's text format, encoded straight into buffers of a megabyte: no text of the whole is built and then copied. */
class CopyText {
  private readonly full: Buffer[] = [];
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  rows = 0;

  row(values: readonly CopyValue[]): void {
    values.forEach((value, index) => {
      const text = copyText(value);
      // UTF-8 takes at most three bytes for each UTF-16 unit; one more for the separator.
      this.reserve(text.length * 3 + 1);
      this.used += this.buffer.write(text, this.used);
      this.buffer[this.used++] = index === values.length - 1 ? NEWLINE : TAB;
    });
    this.rows++;
  }

  chunks(): Buffer[] {
    return this.used === 0 ? this.full : [...this.full, this.buffer.subarray(0, this.used)];
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    this.full.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
    this.used = 0;
  }
}

/** The pg client under a TypeORM transaction's query runner (the same connection, so the same transaction). */
function connectionOf(manager: EntityManager): PoolClient {
  const client = (manager.queryRunner as unknown as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
  if (!client) throw new Error('COPY needs a transaction of its own (an EntityManager with a connected query runner)');
  return client;
}
