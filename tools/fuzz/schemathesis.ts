import { KNOWN_SCOPES } from '@palembang/auth';
import { accessToken, callAdmin } from '@palembang/platform/testing';
import type { FuzzFixtures } from './fixtures';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Schemathesis (PyPI) against a running gateway: requests generated from its
 * published OpenAPI document, each answer judged against that same document.
 * The checks are the four promises: no server error, no status the
 * operation does not declare, no answer breaking its declared schema, and no
 * schema-valid request refused (positive_data_acceptance).
 */
export const FUZZ_CHECKS = ['not_a_server_error', 'status_code_conformance', 'response_schema_conformance', 'positive_data_acceptance'] as const;

export type FuzzOptions = Readonly<{
  /** The gateway's base URL; its document is read from /docs-json. */
  baseUrl: string;
  /** A bearer token holding every scope and agencies:all (fuzzerToken). */
  token: string;
  /** Cases per operation (bounded: the run must fit in a test's time). */
  maxExamples?: number;
  seed?: number;
  /** Schemathesis's baseline of accepted findings (tools/fuzz/accepted-findings.json); a finding not in it fails the run. */
  baseline?: string;
  /** Extra schemathesis arguments (filters, --phases, a report format). */
  extraArguments?: readonly string[];
  /** The records tools/fuzz/hooks.py puts into the generated requests (createFuzzFixtures). */
  fixtures: FuzzFixtures;
}>;

export type FuzzResult = Readonly<{ exitCode: number | null; output: string; reportDir: string }>;

const ROOT = join(__dirname, '..', '..');
/** Gives the generated requests real data where a rule is over data no schema states (see the file). */
const HOOKS = join(ROOT, 'tools', 'fuzz', 'hooks.py');

/**
 * Findings accepted with their reason (Schemathesis's baseline). Empty: rules over data no schema can
 * state are met by hooks.py with real data instead; any finding fails the run.
 */
export const ACCEPTED_FINDINGS = join(ROOT, 'tools', 'fuzz', 'accepted-findings.json');

/** The pinned schemathesis, installed on first use by tools/fuzz/ensure-schemathesis.sh; its path. */
export function ensureSchemathesis(): string {
  return execFileSync('sh', [join(ROOT, 'tools', 'fuzz', 'ensure-schemathesis.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

export function fuzzArguments(options: FuzzOptions, reportDir: string): string[] {
  return [
    'run',
    `${options.baseUrl}/docs-json`,
    '--url', options.baseUrl,
    '--header', `Authorization: Bearer ${options.token}`,
    '--checks', FUZZ_CHECKS.join(','),
    '--phases', 'examples,fuzzing',
    '--max-examples', String(options.maxExamples ?? 5),
    '--seed', String(options.seed ?? 17),
    // One worker: Hypothesis's lambda-source cache is not thread-safe, and two workers now and then died in it (a Runtime Error, not a finding).
    '--workers', '1',
    '--request-timeout', '30',
    // No string holds NUL: the platform refuses it with 400 (PostgreSQL text cannot hold it), a rule over every
    // string that no schema keyword states, so a schema-valid NUL would be a refusal the document does not announce.
    '--generation-allow-x00', 'false',
    '--suppress-health-check', 'all',
    '--no-shrink',
    '--continue-on-failure',
    '--warnings', 'off',
    '--report', 'ndjson',
    '--report-dir', reportDir,
    ...(options.baseline ? ['--baseline', options.baseline] : []),
    ...(options.extraArguments ?? []),
  ];
}

/**
 * A client of its own for the fuzzer, holding every scope and agencies:all, so that what the
 * generated requests do to clients (scopes, secrets, revocation) never touches the bootstrap admin.
 */
export async function fuzzerToken(gatewayUrl: string, adminToken: string): Promise<string> {
  const answer = await callAdmin(gatewayUrl, adminToken, 'POST', '/v1/admin/clients', { name: 'openapi fuzzer', agencyId: 'dinas-pupr', scopes: [...KNOWN_SCOPES] });
  if (answer.status !== 201) throw new Error(`no fuzzer client: ${answer.status} ${JSON.stringify(answer.body)}`);
  return accessToken(gatewayUrl, { clientId: answer.body.clientId as string, clientSecret: answer.body.clientSecret as string });
}

/** Runs the fuzzer to the end; the output is its own report (failures with a curl line each). */
export function runSchemathesis(options: FuzzOptions): Promise<FuzzResult> {
  const executable = ensureSchemathesis();
  const reportDir = mkdtempSync(join(tmpdir(), 'schemathesis-'));
  const fixtures = join(reportDir, 'fixtures.json');
  writeFileSync(fixtures, JSON.stringify(options.fixtures));
  const child = spawn(executable, fuzzArguments(options, reportDir), {
    cwd: reportDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', PYTHONDONTWRITEBYTECODE: '1', SCHEMATHESIS_HOOKS: HOOKS, FUZZ_FIXTURES: fixtures, FUZZ_GATEWAY_URL: options.baseUrl, FUZZ_TOKEN: options.token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, output, reportDir }));
  });
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** Every operation of the document at `${baseUrl}/docs-json`, as Schemathesis labels them (`GET /path`). */
export async function documentedOperations(baseUrl: string): Promise<string[]> {
  const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths)
    .flatMap(([path, item]) => Object.keys(item).filter((method) => METHODS.includes(method)).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

/** The operations the run tested, from its ndjson events (to prove every operation was covered). */
export function testedOperations(reportDir: string): string[] {
  const name = readdirSync(reportDir).find((entry) => entry.endsWith('.ndjson'));
  if (!name) return [];
  const file = join(reportDir, name);
  const labels = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /"label":\s*"((?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) [^"]+)"/.exec(line);
    if (match) labels.add(match[1]);
  }
  return [...labels].sort();
}
