import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { ComplaintCategoryCatalogue } from '@palembang/complaints-domain';
import { correlationIdOf, problem, ProblemException, type HttpRequest, type HttpReply } from '@palembang/http';
import {
  formatOf,
  Open311Document,
  Open311Error,
  Open311Format,
  FormFields,
  Parsed,
  parseRequestsQuery,
  ServiceRequest,
  parseServiceRequestForm,
  optionalField,
  renderOpen311,
  validateAttributes,
} from '@palembang/open311';
import { Clock } from '@palembang/working-days';
import { COMPLAINTS_CLOCK } from '../complaints/complaint-deadline-watcher';
import { ComplaintRow } from '../complaints/complaints-view';
import { ComplaintsService } from '../complaints/complaints.service';
import { COMPLAINT_CATEGORIES } from '../complaints/http/complaint-categories.controller';
import { complaintOf, definitionOf, JURISDICTION_ID, serviceOf, serviceRequestOf } from './open311-mapping';
import { Open311RequestsService } from './open311-requests.service';
import { Open311Links } from './open311-view';

export const OPEN311_PUBLIC_URL = Symbol('OPEN311_PUBLIC_URL');

/** Changes when the service list or a service definition changes (Open311 discovery's changeset). */
const SERVICES_CHANGESET = '2026-11-29T00:00:00+07:00';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Open311 GeoReport v2 over the same complaints as /v1: a request filed here
 * is a complaint (channel open311) and every complaint is a service request.
 * Reads are public, as the specification has them; a POST carries the token
 * the gateway issued for the client's api_key. Errors are rendered as
 * GeoReport errors by the shared problem filter. An optional parameter sent
 * empty (`jurisdiction_id=`, as client libraries do) counts as absent, in the
 * query and in the form alike.
 */
@ApiExcludeController()
@Controller('open311/v2')
export class Open311Controller {
  constructor(
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(Open311RequestsService) private readonly requests: Open311RequestsService,
    @Inject(COMPLAINT_CATEGORIES) private readonly categories: ComplaintCategoryCatalogue,
    @Inject(COMPLAINTS_CLOCK) private readonly clock: Clock,
    @Inject(OPEN311_PUBLIC_URL) private readonly publicUrl: string,
  ) {}

  /** discovery.{format}, services.{format} and requests.{format}. */
  @Get(':document')
  async root(@Param('document') document: string, @Query() query: FormFields, @Res() response: HttpReply): Promise<void> {
    const { name, format } = accept(formatOf(document));
    checkJurisdiction(query);
    if (name === 'discovery') return send(response, format, { resource: 'discovery', discovery: this.discovery() });
    if (name === 'services') return send(response, format, { resource: 'services', services: this.categories.list().map(serviceOf) });
    if (name === 'requests') return send(response, format, { resource: 'service_requests', requests: await this.search(query) });
    throw notFound(`No resource ${name}`);
  }

  @Get('services/:document')
  definition(@Param('document') document: string, @Query() query: FormFields, @Res() response: HttpReply): void {
    const { name, format } = accept(formatOf(document));
    checkJurisdiction(query);
    const category = this.categories.find(name);
    if (!category) throw notFound(`No service ${name}`);
    send(response, format, { resource: 'service_definition', definition: definitionOf(category) });
  }

  @Get('requests/:document')
  async request(@Param('document') document: string, @Query() query: FormFields, @Res() response: HttpReply): Promise<void> {
    const { name, format } = accept(formatOf(document));
    checkJurisdiction(query);
    const [row] = UUID.test(name) ? await this.complaints.search({ kind: 'by_ids', ids: [name.toLowerCase()] }, this.clock()) : [];
    if (!row) throw notFound(`No service request ${name}`);
    send(response, format, { resource: 'service_requests', requests: await this.requestsOf([row]) });
  }

  /** The token is the tracking code the POST answer names in its service_notice. */
  @Get('tokens/:document')
  async token(@Param('document') document: string, @Query() query: FormFields, @Res() response: HttpReply): Promise<void> {
    const { name, format } = accept(formatOf(document));
    checkJurisdiction(query);
    const complaintId = await this.complaints.idByTrackingCode(name.toUpperCase()).catch(() => undefined);
    if (!complaintId) throw notFound(`No service request has token ${name}`);
    send(response, format, { resource: 'token_answer', resolutions: [{ service_request_id: complaintId, token: name.toUpperCase() }] });
  }

  /**
   * Answers through Nest (the rendered text, typed here) rather than writing
   * the response itself, so the shared Idempotency-Key store keeps this very
   * answer and a retry gets it again, XML or JSON.
   */
  @Post(':document')
  @HttpCode(201)
  @RequireScopes('complaints:write')
  async create(@Param('document') document: string, @Body() body: FormFields, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply): Promise<string> {
    const { name, format } = accept(formatOf(document));
    if (name !== 'requests') throw notFound(`Nothing to POST at ${name}`);
    const form = accept(parseServiceRequestForm(body ?? {}));
    checkJurisdiction({ jurisdiction_id: form.jurisdiction_id ?? undefined });
    const category = this.categories.find(form.service_code);
    if (!category) throw notFound(`No service ${form.service_code}`);
    const attributes = accept(validateAttributes(definitionOf(category), form.attributes));
    const mapped = complaintOf(form, attributes);
    if (!mapped.complaint) throw open311Problem(400, mapped.errors);
    const links: Open311Links = { mediaUrl: form.media_url, addressId: form.address_id };
    const complaint = await this.requests.file(mapped.complaint, links, { principal, correlationId: correlationIdOf(request), now: this.clock() });
    return rendered(response, format, {
      resource: 'post_answer',
      created: [{ service_request_id: complaint.complaintId, service_notice: `Kode lacak (token): ${complaint.trackingCode}`, account_id: form.account_id }],
    });
  }

  private async search(query: FormFields): Promise<ServiceRequest[]> {
    const parsed = accept(parseRequestsQuery(query, new Date(this.clock())));
    const rows =
      parsed.kind === 'by_ids'
        ? await this.complaints.search({ kind: 'by_ids', ids: parsed.service_request_ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()) }, this.clock())
        : await this.complaints.search(
            {
              kind: 'search',
              categoryCodes: parsed.service_codes,
              open: parsed.statuses.length === 1 ? parsed.statuses[0] === 'open' : null,
              from: parsed.start_date.toISOString(),
              to: parsed.end_date.toISOString(),
            },
            this.clock(),
          );
    return this.requestsOf(rows);
  }

  private async requestsOf(rows: readonly ComplaintRow[]): Promise<ServiceRequest[]> {
    return (await this.requests.withLinks(rows)).map(({ row, links }) => serviceRequestOf(row, this.categories.find(row.categoryCode), links));
  }

  private discovery() {
    return {
      changeset: SERVICES_CHANGESET,
      contact: 'Dinas Komunikasi dan Informatika Kota Palembang (pengelola SP4N-LAPOR! Kota Palembang)',
      key_service: 'An api_key is an Open311 key that the platform administrators issue to a reporting app holding complaints:write; it works on this API only and can be revoked on its own.',
      endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${this.publicUrl}/open311/v2`, changeset: SERVICES_CHANGESET, type: 'production' as const, formats: ['text/xml', 'application/json'] }],
    };
  }
}

function send(response: HttpReply, format: Open311Format, document: Open311Document): void {
  response.status(200).send(rendered(response, format, document));
}

/** The document as text in the format asked for; the response is typed accordingly. */
function rendered(response: HttpReply, format: Open311Format, document: Open311Document): string {
  const { contentType, body } = renderOpen311(document, format);
  response.type(contentType);
  return body;
}

/** The parsed value, or a 400 carrying every Open311 error found. */
function accept<T>(parsed: Parsed<T>): T {
  if (parsed.ok) return parsed.value;
  throw open311Problem(parsed.errors[0]?.code ?? 400, parsed.errors);
}

function open311Problem(status: number, errors: readonly Open311Error[]): ProblemException {
  const detail = errors.map((error) => error.description).join('; ');
  // Field-less errors: each description is rendered as an Open311 error of its own.
  return new ProblemException(problem(status, { code: 'OPEN311.INVALID', detail, errors: errors.map((error) => ({ field: '', message: error.description })) }));
}

function notFound(detail: string): ProblemException {
  return new ProblemException(problem(404, { code: 'OPEN311.NOT_FOUND', detail }));
}

/** Absent or empty: this endpoint's one jurisdiction. */
function checkJurisdiction(query: FormFields): void {
  const jurisdiction = accept(optionalField(query, 'jurisdiction_id'));
  if (jurisdiction !== null && jurisdiction !== JURISDICTION_ID) throw notFound(`This endpoint serves jurisdiction ${JURISDICTION_ID} only`);
}

