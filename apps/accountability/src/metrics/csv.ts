/**
 * RFC 4180 CSV of flat rows: a header from the first row's keys (nested objects
 * flattened with dots, arrays left out), CRLF line ends, fields quoted when needed.
 */
export function csvOf(rows: readonly object[]): string {
  const flat = rows.map((row) => flatten(row as Record<string, unknown>));
  const header = flat.length > 0 ? Object.keys(flat[0]) : [];
  const lines = [header, ...flat.map((row) => header.map((column) => row[column]))].map((fields) => fields.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(field)) continue;
    if (field !== null && typeof field === 'object') Object.assign(flat, flatten(field as Record<string, unknown>, name));
    else flat[name] = field;
  }
  return flat;
}

/** What a spreadsheet may read as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading =, +, - or @ would make a spreadsheet evaluate the field, and so can a tab or carriage return
  // before one (OWASP CSV injection): prefix text such fields with an apostrophe. Numbers stay as they are.
  const safe = typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
