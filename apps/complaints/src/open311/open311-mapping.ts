import { SubmitComplaintDto } from '@palembang/complaints-api';
import { ComplaintCategory } from '@palembang/complaints-domain';
import { Open311Error, publicPlaceOf, ServiceDefinition, ServiceRequest, ServiceRequestForm, Service, SubmittedAttributes } from '@palembang/open311';
import { randomUUID } from 'node:crypto';
import { ComplaintRow } from '../complaints/complaints-view';
import { NO_LINKS, Open311Links } from './open311-view';

/** The one jurisdiction this endpoint serves; `jurisdiction_id` may name it or be left out. */
export const JURISDICTION_ID = 'palembang.go.id';

const INTAKE_TYPE_VALUES = [
  { key: 'complaint', name: 'Pengaduan' },
  { key: 'aspiration', name: 'Aspirasi' },
  { key: 'information-request', name: 'Permintaan informasi' },
];

/** Every complaint category is an Open311 service, answered at once (realtime): the request id comes back from the POST. */
export function serviceOf(category: ComplaintCategory): Service {
  return { service_code: category.code, service_name: category.name, description: category.description, metadata: true, type: 'realtime', keywords: null, group: category.agencyId };
}

/** What the platform asks beyond the standard fields: the intake type, and whether the reporter stays anonymous. */
export function definitionOf(category: ComplaintCategory): ServiceDefinition {
  return {
    service_code: category.code,
    attributes: [
      {
        variable: true,
        code: 'intake_type',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: null,
        order: 1,
        description: 'Jenis laporan (default: pengaduan)',
        values: INTAKE_TYPE_VALUES,
      },
      {
        variable: true,
        code: 'anonymous',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: null,
        order: 2,
        description: 'Rahasiakan identitas pelapor dari instansi (default: ya bila nama tidak diisi)',
        values: [
          { key: 'yes', name: 'Ya' },
          { key: 'no', name: 'Tidak' },
        ],
      },
      { variable: true, code: 'title', datatype: 'string', required: false, datatype_description: 'At most 150 characters', order: 3, description: 'Judul singkat laporan', values: undefined },
    ].map(({ values, ...attribute }) => (values ? { ...attribute, values } : attribute)) as ServiceDefinition['attributes'],
  };
}

/** Shown with an expected_datetime that reaches into a year whose working-day calendar is not published. */
export const PROVISIONAL_NOTICE = 'Waktu penyelesaian masih perkiraan: kalender hari kerja tahun tersebut belum ditetapkan';

/**
 * A complaint as an Open311 service request, for the public. The report's own
 * text is left out (description null): reporters often write personal details
 * into it. The position is coarsened to about 100 m, and an anonymous report
 * shows neither its address, its address_id, its media_url nor the agencies'
 * notes (see publicPlaceOf).
 * A provisional expected_datetime says so in service_notice.
 */
export function serviceRequestOf(row: ComplaintRow, category: ComplaintCategory | undefined, links: Open311Links = NO_LINKS): ServiceRequest {
  const place = publicPlaceOf({ anonymous: row.anonymous, address: row.address, location: row.location, statusNotes: row.statusNotes, ...links });
  return {
    service_request_id: row.complaintId,
    status: row.open ? 'open' : 'closed',
    status_notes: place.status_notes,
    service_name: category?.name ?? row.categoryCode,
    service_code: row.categoryCode,
    description: null,
    agency_responsible: row.agencyId,
    service_notice: row.deadline?.provisional ? PROVISIONAL_NOTICE : null,
    requested_datetime: row.submittedAt,
    updated_datetime: row.updatedAt,
    expected_datetime: row.deadline?.at ?? null,
    address: place.address,
    address_id: place.address_id,
    zipcode: null,
    lat: place.lat,
    long: place.long,
    media_url: place.media_url,
  };
}

/**
 * An Open311 POST as the platform's complaint: channel open311; the reporter's
 * pseudonymous id from account_id or device_id (a fresh one otherwise); without
 * a name the report is anonymous. The domain rules then judge it like any other.
 */
export function complaintOf(form: ServiceRequestForm, attributes: SubmittedAttributes): { complaint?: SubmitComplaintDto; errors: Open311Error[] } {
  const text = reportTextOf(form, attributes);
  if (!text) return { errors: [{ code: 400, description: MISSING_REPORT_TEXT }] };
  const { title, description } = text;
  const name = [form.first_name, form.last_name].filter((part): part is string => !!part?.trim()).join(' ').trim();
  const anonymousChoice = single(attributes.anonymous);
  const complaint = {
    intakeType: (single(attributes.intake_type) ?? 'complaint') as SubmitComplaintDto['intakeType'],
    channel: 'open311',
    categoryCode: form.service_code,
    title,
    description,
    location: form.lat !== null && form.long !== null ? { latitude: form.lat, longitude: form.long } : null,
    address: form.address_string ?? (form.address_id ? `address_id ${form.address_id}` : null),
    reporter: { reporterId: reporterIdOf(form), name: name || 'Anonim', nik: null, phone: form.phone, email: form.email },
    anonymous: anonymousChoice === undefined ? !name : anonymousChoice === 'yes',
  } satisfies SubmitComplaintDto;
  return { complaint, errors: [] };
}

export const MISSING_REPORT_TEXT = 'description: a request needs a description or a title (attribute[title]); this one has neither';

/**
 * GeoReport v2 makes description optional, but a complaint must say what is
 * wrong: a request needs a description or the title attribute. With only a
 * title, the title is the description too; with only a description, the title
 * is its beginning. The other attributes (intake_type, anonymous) say nothing
 * of the problem, so they are not enough on their own.
 */
export function reportTextOf(form: ServiceRequestForm, attributes: SubmittedAttributes): { title: string; description: string } | undefined {
  const description = form.description?.trim() || undefined;
  const title = single(attributes.title)?.trim() || undefined;
  if (!description && !title) return undefined;
  return { title: title ?? firstWords(description as string), description: description ?? (title as string) };
}

function reporterIdOf(form: ServiceRequestForm): string {
  const own = form.account_id ?? form.device_id;
  const cleaned = own?.replace(/[^A-Za-z0-9._:-]/g, '').slice(0, 80);
  return cleaned ? `open311:${cleaned}` : `open311:${randomUUID()}`;
}

function single(value: string | readonly string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

function firstWords(text: string): string {
  return text.length <= 150 ? text : `${text.slice(0, 147).trimEnd()}...`;
}
