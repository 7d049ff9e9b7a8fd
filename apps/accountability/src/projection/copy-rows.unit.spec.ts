import { copyText } from './copy-rows';

describe('copyText', () => {
  it('writes null as \\N and other values as their text', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText(3)).toBe('3');
    expect(copyText(true)).toBe('true');
    expect(copyText('dinas-kesehatan')).toBe('dinas-kesehatan');
  });

  it('escapes what COPY would read as a separator, an end of row or an escape', () => {
    expect(copyText('a\tb')).toBe('a\\tb');
    expect(copyText('a\nb\r')).toBe('a\\nb\\r');
    // A JSON text's own escapes keep their backslash: COPY reads \\ as one backslash.
    expect(copyText(JSON.stringify({ note: 'line\nbreak "quoted"' }))).toBe('{"note":"line\\\\nbreak \\\\"quoted\\\\""}');
  });

  it('leaves the string "\\N" distinguishable from null', () => {
    expect(copyText('\\N')).toBe('\\\\N');
  });
});
