/**
 * Sets an answer header on whatever reply object the HTTP adapter hands a passthrough `@Res()`:
 * Express's `setHeader` or Fastify's `header` (the platform is moving to Fastify; the controller
 * depends on neither).
 */
export type ReplyHeaders = { setHeader?: (name: string, value: string) => unknown; header?: (name: string, value: string) => unknown };

export function setReplyHeader(reply: ReplyHeaders, name: string, value: string): void {
  if (typeof reply.header === 'function') reply.header(name, value);
  else reply.setHeader?.(name, value);
}
