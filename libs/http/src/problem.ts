/** RFC 9457 problem details, as every error of the platform's HTTP APIs is reported. */
export type FieldError = Readonly<{ field: string; message: string }>;

export type ProblemDetails = Readonly<{
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Dotted error code such as PERMIT.INVALID_TRANSITION. */
  code?: string;
  /** Every input field at fault, for validation errors. */
  errors?: readonly FieldError[];
  correlationId?: string;
}>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** A problem with the title for its status and a type URI naming the code. */
export function problem(status: number, fields: Partial<ProblemDetails> = {}): ProblemDetails {
  const code = fields.code;
  return {
    type: fields.type ?? (code ? `urn:palembang:problem:${code.toLowerCase()}` : 'about:blank'),
    title: fields.title ?? TITLES[status] ?? 'Error',
    status,
    ...stripUndefined({ detail: fields.detail, instance: fields.instance, code, errors: fields.errors, correlationId: fields.correlationId }),
  };
}

export function isProblemDetails(value: unknown): value is ProblemDetails {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.status === 'number' && typeof candidate.title === 'string' && typeof candidate.type === 'string';
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
