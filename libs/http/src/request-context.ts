/** The request's correlation id, set by the correlation middleware (the caller's when well-formed, else a new one). */
export function correlationIdOf(request: { correlationId?: string }): string {
  return request.correlationId ?? 'none';
}
