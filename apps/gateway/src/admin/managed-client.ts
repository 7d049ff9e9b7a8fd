import { AuthPrincipal, forbidden, ManagedClient, refuseClientManagement } from '@palembang/auth';
import { problem, ProblemException, type HttpReply } from '@palembang/http';
import { OAuthClient, OAuthClientStore } from '../oauth/oauth-client.store';

/**
 * What the admin controllers share about the client they act on: the one
 * lookup that refuses a client the caller may not manage (libs/auth
 * refuseClientManagement: its agency or agencies:all, and every scope it
 * holds), and the one way to hand out a secret.
 */
export const CLIENT_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** The client when the caller manages it: 404 when there is none (or the id cannot be one), 403 when the caller may not manage it. */
export async function findManagedClient(clients: OAuthClientStore, clientId: string, principal: AuthPrincipal): Promise<OAuthClient> {
  const client = CLIENT_ID.test(clientId) ? await clients.find(clientId) : undefined;
  if (!client) throw adminNotFound(`No client ${clientId}.`);
  checkManages(principal, client);
  return client;
}

/** 403 when the caller may not manage a client of this agency holding these scopes. */
export function checkManages(principal: AuthPrincipal, client: ManagedClient): void {
  const refusal = refuseClientManagement(principal, client);
  if (refusal) throw forbidden(refusal.detail, refusal.code);
}

export function adminNotFound(detail: string): ProblemException {
  return new ProblemException(problem(404, { code: 'ADMIN.NOT_FOUND', detail }));
}

/**
 * Sends the body with its secret to the caller and hands the idempotency
 * layer a copy with the secret field null: a response remembered for an
 * Idempotency-Key replay must not keep the secret in the database. A replay
 * says the client or credential exists; its secret is not shown again
 * (rotate the secret or issue a new credential if it was lost).
 */
export function sendSecretOnce<T extends object, K extends keyof T>(response: HttpReply, status: number, body: T, secretField: null extends T[K] ? K : never): T {
  response.status(status).send(body);
  return { ...body, [secretField]: null };
}
