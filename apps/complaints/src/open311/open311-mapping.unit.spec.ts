import { parseServiceRequestForm, ServiceRequestForm } from '@palembang/open311';
import { complaintOf, MISSING_REPORT_TEXT } from './open311-mapping';

function form(fields: Record<string, string>): ServiceRequestForm {
  const parsed = parseServiceRequestForm({ service_code: 'JALAN-RUSAK', address_string: 'Jl. Sudirman', ...fields });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

describe('an Open311 request as a complaint: description or title', () => {
  it('takes the description, and its beginning as the title', () => {
    const { complaint } = complaintOf(form({ description: 'Lubang dalam di depan pasar' }), {});
    expect(complaint).toMatchObject({ title: 'Lubang dalam di depan pasar', description: 'Lubang dalam di depan pasar' });
  });

  it('takes a title alone as the description too (GeoReport v2 makes description optional)', () => {
    const { complaint } = complaintOf(form({}), { title: 'Jalan berlubang' });
    expect(complaint).toMatchObject({ title: 'Jalan berlubang', description: 'Jalan berlubang' });
  });

  it('keeps both when both are given', () => {
    const { complaint } = complaintOf(form({ description: 'Sudah dua minggu' }), { title: 'Jalan berlubang' });
    expect(complaint).toMatchObject({ title: 'Jalan berlubang', description: 'Sudah dua minggu' });
  });

  it('refuses a request with neither, whatever other attributes it has, naming what is missing', () => {
    expect(complaintOf(form({}), { intake_type: 'complaint', anonymous: 'yes', title: '  ' })).toEqual({ errors: [{ code: 400, description: MISSING_REPORT_TEXT }] });
    expect(MISSING_REPORT_TEXT).toContain('description');
    expect(MISSING_REPORT_TEXT).toContain('attribute[title]');
  });
});
