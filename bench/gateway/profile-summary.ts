/**
 * Where a service's CPU goes, from a V8 CPU profile written by
 * cpu-profile-preload.cjs: self time grouped by where the code lives (a
 * package, a Node.js module, one of our libraries, the garbage collector) and
 * the hottest functions. Short enough to print with a benchmark's section.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PROFILE_PRELOAD = resolve(__dirname, 'cpu-profile-preload.cjs');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  name: string;
  /** Sampled CPU time, idle left out, in ms; and the profile's wall time in ms. */
  busyMs: number;
  wallMs: number;
  areas: Array<{ area: string; share: number }>;
  /** Share of the samples with the area anywhere on the stack: what a package costs with everything it calls. */
  inclusive: Array<{ area: string; share: number }>;
  functions: Array<{ name: string; area: string; share: number }>;
}

/** Where a frame's code lives: `jose`, `node:net`, `libs/events`, `GC`… */
export function areaOf(frame: ProfileNode['callFrame']): string {
  const { functionName, url } = frame;
  if (url.includes('cpu-profile-preload')) return PROFILER;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'V8 and native (program)';
  if (url === '') return 'built-ins and native bindings';
  if (url.startsWith('node:')) return `node:${url.replace(/^node:(internal\/)?/, '').split('/')[0]}`;
  const nodeModule = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nodeModule) return nodeModule[1];
  const ours = /\/dist\/apps\/[^/]+\/((?:apps|libs)\/[^/]+(?:\/[^/]+)?)\//.exec(url) ?? /\/((?:apps|libs)\/[^/]+)\//.exec(url);
  return ours ? ours[1].replace(/\/src$/, '') : url;
}

const PROFILER = 'the profiler itself';

export function summariseProfile(name: string, profile: CpuProfile, top = { areas: 8, functions: 8 }): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const stacks = stackAreas(profile);
  const selfUs = new Map<number, number>();
  // timeDeltas[i + 1] is the time from sample i to the next: the time sample i stands for.
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index + 1] ?? 0)));
  // Starting and stopping the profile (its serialisation) is the measurement's cost, not the service's.
  for (const id of selfUs.keys()) if (stacks.get(id)?.has(PROFILER)) selfUs.delete(id);
  const areas = new Map<string, number>();
  const functions = new Map<string, { area: string; us: number }>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = frames.get(id)!;
    if (frame.functionName === '(idle)' || frame.functionName === '(root)') continue;
    busyUs += us;
    const area = areaOf(frame);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const key = `${frame.functionName || '(anonymous)'}|${area}`;
    functions.set(key, { area, us: (functions.get(key)?.us ?? 0) + us });
  }
  const inclusive = inclusiveTimes(frames, stacks, selfUs);
  const share = (us: number) => (busyUs > 0 ? us / busyUs : 0);
  return {
    name,
    busyMs: busyUs / 1000,
    wallMs: (profile.endTime - profile.startTime) / 1000,
    areas: [...areas].sort((a, b) => b[1] - a[1]).slice(0, top.areas).map(([area, us]) => ({ area, share: share(us) })),
    inclusive: [...inclusive]
      // Node's own modules sit under nearly every stack (the event loop, streams): on the stack they say nothing.
      .filter(([area]) => !UNATTRIBUTED.has(area) && !area.startsWith('node:'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top.areas + 2)
      .map(([area, us]) => ({ area, share: share(us) })),
    functions: [...functions]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top.functions)
      .map(([key, value]) => ({ name: key.split('|')[0], area: value.area, share: share(value.us) })),
  };
}

const UNATTRIBUTED = new Set(['GC', 'V8 and native (program)', 'built-ins and native bindings']);

/** The areas on each node's stack, from the node up to the root. */
function stackAreas(profile: CpuProfile): Map<number, Set<string>> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const stacks = new Map<number, Set<string>>();
  const areasOf = (id: number): Set<string> => {
    const known = stacks.get(id);
    if (known) return known;
    const up = parent.get(id);
    const areas = new Set(up === undefined ? [] : areasOf(up));
    const frame = frames.get(id)!;
    if (frame.functionName !== '(root)') areas.add(areaOf(frame));
    stacks.set(id, areas);
    return areas;
  };
  for (const node of profile.nodes) areasOf(node.id);
  return stacks;
}

/** Time per area counted once per sample when any frame of the area is on the sample's stack. */
function inclusiveTimes(frames: Map<number, ProfileNode['callFrame']>, stacks: Map<number, Set<string>>, selfUs: Map<number, number>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = frames.get(id)!;
    if (frame.functionName === '(idle)' || frame.functionName === '(root)') continue;
    for (const area of stacks.get(id) ?? []) totals.set(area, (totals.get(area) ?? 0) + us);
  }
  return totals;
}

const percent = (share: number) => `${(share * 100).toFixed(0)} %`;

export function profileMarkdown(summaries: readonly ProfileSummary[]): string {
  return summaries
    .map(
      (summary) =>
        `- **${summary.name}** (${(summary.busyMs / 1000).toFixed(1)} s of CPU sampled in ${(summary.wallMs / 1000).toFixed(1)} s). ` +
        `Self time by where the code lives: ${summary.areas.map((area) => `${area.area} ${percent(area.share)}`).join(', ')}. ` +
        `With what it calls (on the stack): ${summary.inclusive.map((area) => `${area.area} ${percent(area.share)}`).join(', ')}. ` +
        `Hottest functions: ${summary.functions.map((fn) => `\`${fn.name}\` (${fn.area}) ${percent(fn.share)}`).join(', ')}.`,
    )
    .join('\n');
}

/**
 * Profiles the named processes (started with PROFILE_PRELOAD) while `body`
 * runs, then waits for their profiles and summarises them. The profiles stay
 * in `dir` for Chrome DevTools.
 */
export async function profileWhile<T>(processes: ReadonlyArray<{ name: string; pid: number }>, dir: string, body: () => Promise<T>): Promise<{ result: T; summaries: ProfileSummary[] }> {
  mkdirSync(dir, { recursive: true });
  // Only this run's profiles stay in the folder the report points to.
  readdirSync(dir).filter((file) => /\.cpuprofile(\.part)?$/.test(file)).forEach((file) => rmSync(join(dir, file), { force: true }));
  const files = processes.map((process) => join(dir, `${process.name}-${process.pid}.cpuprofile`));
  const toggle = () => processes.forEach((target) => process.kill(target.pid, 'SIGUSR2'));
  toggle();
  let result: T;
  try {
    result = await body();
  } finally {
    toggle();
  }
  const deadline = Date.now() + 20_000;
  while (files.some((file) => !existsSync(file)) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 250));
  const summaries = processes.flatMap((target, index) => {
    if (!existsSync(files[index])) return [];
    try {
      return [summariseProfile(target.name, JSON.parse(readFileSync(files[index], 'utf8')) as CpuProfile)];
    } catch {
      return []; // written half when we read it: left out rather than guessed
    }
  });
  return { result: result!, summaries };
}
