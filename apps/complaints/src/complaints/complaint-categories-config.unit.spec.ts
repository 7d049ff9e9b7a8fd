import { ConfigurationError } from '@palembang/platform';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readComplaintCategories } from './complaint-categories-config';

describe('the complaint categories a city configures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'categories-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it("are Palembang's unless COMPLAINT_CATEGORIES_FILE names others", () => {
    expect(readComplaintCategories({}).find('JALAN-RUSAK')?.agencyId).toBe('dinas-pupr');
    const own = file('own.json', JSON.stringify([{ code: 'SUNGAI', name: 'Sungai tercemar', description: 'Pencemaran sungai', agencyId: 'dinas-lingkungan-hidup', followUpKind: 'no-field-check' }]));
    const catalogue = readComplaintCategories({ COMPLAINT_CATEGORIES_FILE: own });
    expect(catalogue.list().map((category) => [category.code, category.agencyId])).toEqual([['SUNGAI', 'dinas-lingkungan-hidup']]);
  });

  it.each([
    ['not JSON', '{', 'not readable JSON'],
    ['an empty list', '[]', 'non-empty JSON list'],
    ['a bad agency', JSON.stringify([{ code: 'X', name: 'X', description: 'X', agencyId: 'Dinas PUPR', followUpKind: 'standard' }]), 'COMPLAINT_CATEGORIES_FILE: Complaint category X'],
    ['a bad follow-up kind', JSON.stringify([{ code: 'X', name: 'X', description: 'X', agencyId: 'dinas-pupr', followUpKind: 'soon' }]), 'COMPLAINT_CATEGORIES_FILE: Complaint category X'],
  ])('refuse %s, naming the variable', (_case, content, message) => {
    const path = file(`${_case.replace(/ /g, '-')}.json`, content);
    expect(() => readComplaintCategories({ COMPLAINT_CATEGORIES_FILE: path })).toThrow(ConfigurationError);
    expect(() => readComplaintCategories({ COMPLAINT_CATEGORIES_FILE: path })).toThrow(message);
  });

  it('refuse a file that is missing', () => {
    expect(() => readComplaintCategories({ COMPLAINT_CATEGORIES_FILE: join(dir, 'missing.json') })).toThrow('not readable JSON');
  });
});
