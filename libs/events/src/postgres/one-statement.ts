/** One SQL statement with its parameters ($1, $2, ... numbered from 1). */
export type SqlStatement = Readonly<{ sql: string; parameters: readonly unknown[] }>;

const DATA_MODIFYING = /^\s*(INSERT|UPDATE|DELETE)\b/i;
const PLACEHOLDER = /\$(\d+)/g;

/**
 * Sends `alongside` with `main` as one statement: each becomes a data-modifying CTE
 * of `main` (a SELECT), so all of them commit or fail together without a
 * transaction of their own, in one round trip. PostgreSQL runs such CTEs to
 * completion after the main query, whatever the main query reads of them.
 *
 * Their placeholders are renumbered after main's; they must therefore hold no
 * `$n` other than placeholders (no dollar-quoted bodies). Only INSERT, UPDATE and
 * DELETE ride along: a SELECT in a CTE nobody reads would silently not run.
 * All of them see the snapshot the statement started with: none reads another's
 * writes, so two of them must not write the same row.
 */
export function withStatementsAlongside(main: SqlStatement, alongside: readonly SqlStatement[]): SqlStatement {
  if (alongside.length === 0) return main;
  const parameters = [...main.parameters];
  const ctes = alongside.map((statement, index) => {
    if (!DATA_MODIFYING.test(statement.sql)) throw new Error(`only INSERT, UPDATE or DELETE can be sent with an append, not: ${statement.sql.slice(0, 60)}`);
    const offset = parameters.length;
    parameters.push(...statement.parameters);
    const sql = statement.sql.replace(PLACEHOLDER, (_, n: string) => {
      if (Number(n) < 1 || Number(n) > statement.parameters.length) throw new Error(`placeholder $${n} has no parameter`);
      return `$${Number(n) + offset}`;
    });
    return `alongside_${index + 1} AS (${sql})`;
  });
  return { sql: `WITH ${ctes.join(',\n')}\n${main.sql}`, parameters };
}
