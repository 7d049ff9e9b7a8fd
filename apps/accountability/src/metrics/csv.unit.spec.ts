import { csvOf, flatten } from './csv';

describe('CSV of figures', () => {
  it('flattens nested figures with dots and leaves lists out', () => {
    expect(flatten({ agencyId: 'dinas-pupr', permits: { received: 3, ageing: { '0': 1, '>90': 0 } }, satisfaction: { ikm: null, services: [{ a: 1 }] } })).toEqual({
      agencyId: 'dinas-pupr',
      'permits.received': 3,
      'permits.ageing.0': 1,
      'permits.ageing.>90': 0,
      'satisfaction.ikm': null,
    });
  });

  it('writes a header and one CRLF line per row, empty for null, quoting where needed', () => {
    expect(csvOf([{ a: 'x,y', b: null, c: 0.5 }, { a: 'say "hi"', b: true, c: 1 }])).toBe('a,b,c\r\n"x,y",,0.5\r\n"say ""hi""",true,1\r\n');
  });

  it('keeps a spreadsheet from evaluating text that looks like a formula', () => {
    expect(csvOf([{ a: '=1+1', b: -3 }])).toBe("a,b\r\n'=1+1,-3\r\n");
  });

  it.each(['=1+1', '+1', '-1+2', '@SUM(A1)', '\t=1+1', '\r=1+1', '\tcmd'])('prefixes text starting with %j (a formula, or a tab or carriage return before one) with an apostrophe', (text) => {
    expect(csvOf([{ a: text }])).toBe(`a\r\n${/[\r"]/.test(text) ? `"'${text}"` : `'${text}`}\r\n`);
  });

  it('leaves numbers and ordinary text as they are', () => {
    expect(csvOf([{ a: -3, b: 'dinas-pupr', c: ' =x' }])).toBe('a,b,c\r\n-3,dinas-pupr, =x\r\n');
  });

  it('is only a newline for no rows', () => {
    expect(csvOf([])).toBe('\r\n');
  });
});
