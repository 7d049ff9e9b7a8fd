import { withStatementsAlongside } from './one-statement';

describe('withStatementsAlongside', () => {
  const main = { sql: 'SELECT f($1, $2) AS position', parameters: ['stream', 0] };

  it('sends the main statement alone when nothing goes with it', () => {
    expect(withStatementsAlongside(main, [])).toBe(main);
  });

  it('makes each write a CTE of the main statement, its placeholders numbered after the ones before it', () => {
    const statement = withStatementsAlongside(main, [
      { sql: 'INSERT INTO a (x, y) VALUES ($1, $2)', parameters: ['x', 'y'] },
      { sql: 'UPDATE b SET z = $2 WHERE id = $1 AND w = $1', parameters: ['id', 'z'] },
    ]);
    expect(statement.sql).toBe(
      'WITH alongside_1 AS (INSERT INTO a (x, y) VALUES ($3, $4)),\nalongside_2 AS (UPDATE b SET z = $6 WHERE id = $5 AND w = $5)\nSELECT f($1, $2) AS position',
    );
    expect(statement.parameters).toEqual(['stream', 0, 'x', 'y', 'id', 'z']);
  });

  it('numbers $10 and above whole, not as $1 followed by a digit', () => {
    const parameters = Array.from({ length: 11 }, (_, n) => n + 1);
    const placeholders = parameters.map((n) => `$${n}`).join(', ');
    const statement = withStatementsAlongside(main, [{ sql: `INSERT INTO t VALUES (${placeholders})`, parameters }]);
    expect(statement.sql).toContain('VALUES ($3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)');
  });

  it('refuses a SELECT, which PostgreSQL would not run as an unreferenced CTE', () => {
    expect(() => withStatementsAlongside(main, [{ sql: 'SELECT pg_notify($1, $2)', parameters: ['a', 'b'] }])).toThrow(/only INSERT, UPDATE or DELETE/);
  });

  it('refuses a placeholder without its parameter', () => {
    expect(() => withStatementsAlongside(main, [{ sql: 'INSERT INTO t VALUES ($1, $2)', parameters: ['only one'] }])).toThrow('placeholder $2 has no parameter');
  });
});
