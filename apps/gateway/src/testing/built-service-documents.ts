import { mergeServiceDocuments, MergedServiceDocuments, OpenApiDocument } from '@palembang/http';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..', '..');

/** The services whose REST operations the gateway forwards, in the order their documents are merged. */
export const FORWARDED_SERVICES = ['permits', 'complaints', 'training', 'accountability', 'webhooks'] as const;

/** Where the gateway reads the merge at start-up; committed, and checked against the services by service-operations.e2e.spec.ts. */
export const SERVICE_OPERATIONS_FILE = join(ROOT, 'apps', 'gateway', 'src', 'forwarding', 'service-operations.json');

/**
 * Paths the gateway does not take from the services' documents: every service's own probes
 * (the gateway has its own), stream verification (one gateway route picks the service by the
 * stream id), and xAPI (Basic authentication and its own headers, still a gateway controller).
 */
export function gatewayKeepsOwn(path: string): boolean {
  return path.startsWith('/health/') || path === '/v1/audit/streams/{streamId}/verify' || path.startsWith('/xapi/');
}

/** Placeholders for the settings a service reads at start; `main.js openapi` connects to nothing. */
const DOCUMENT_ONLY_ENV = {
  PORT: '1',
  DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi',
  KAFKA_BROKERS: '127.0.0.1:1',
  GATEWAY_URL: 'http://127.0.0.1:1',
  GATEWAY_ISSUER: 'http://127.0.0.1:1',
};

/** A built service's document, from `node main.js openapi` (run `nx run-many -t build -p <services>` first). */
export async function builtServiceDocument(service: string): Promise<OpenApiDocument | undefined> {
  const main = join(ROOT, 'dist', 'apps', service, 'apps', service, 'src', 'main.js');
  if (!existsSync(main)) return undefined;
  const { stdout } = await run(process.execPath, [main, 'openapi'], { cwd: ROOT, env: { PATH: process.env.PATH, ...DOCUMENT_ONLY_ENV }, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as OpenApiDocument;
}

/** The built services' documents merged as the gateway publishes them. */
export async function mergeBuiltServiceDocuments(): Promise<MergedServiceDocuments> {
  const documents = await Promise.all(FORWARDED_SERVICES.map(async (service) => [service, await builtServiceDocument(service)] as const));
  return mergeServiceDocuments(Object.fromEntries(documents), { keepsOwn: gatewayKeepsOwn });
}

