import { isRejection } from '@palembang/events/core';
import { sampleNip, trainingCommand } from '../fixtures/training.fixtures';
import { Cohort, CohortEvent, seatsTaken } from './cohort';
import { CohortCommand } from './cohort.decide';
import { BEFORE, cohortId, decider, enrol, scheduled } from './cohort.test-kit';

/**
 * An in-memory stream with optimistic concurrency, as the event store behaves: an append with a stale
 * expected version fails and the writer reloads, decides again and retries.
 */
class Stream {
  events: CohortEvent[] = [scheduled(20)];
  state(): Cohort {
    return this.events.reduce(decider.evolve, decider.initialState());
  }
  append(expectedVersion: number, events: readonly CohortEvent[]): boolean {
    if (expectedVersion !== this.events.length) return false;
    this.events.push(...events);
    return true;
  }
}

/** 50 writers each decide on the state they read; in each round only one append per version wins. */
function enrolConcurrently(commands: readonly CohortCommand[], pickWinner: (pending: number) => number) {
  const stream = new Stream();
  const accepted: string[] = [];
  let pending = [...commands];
  let retries = 0;
  while (pending.length > 0) {
    const version = stream.events.length;
    const state = stream.state();
    const decisions = pending.map((command) => ({ command, decision: decider.decide(command, state) }));
    const winner = pickWinner(decisions.length);
    const { command, decision } = decisions[winner];
    if (isRejection(decision)) throw new Error(decision.message);
    expect(stream.append(version, decision)).toBe(true);
    for (const [index, other] of decisions.entries()) if (index !== winner && !isRejection(other.decision)) expect(stream.append(version, other.decision)).toBe(false);
    retries += decisions.length - 1;
    accepted.push((command.data as { nip: string }).nip);
    pending = pending.filter((candidate) => candidate !== command);
  }
  return { stream, accepted, retries };
}

describe('a cohort of 20 seats and 50 concurrent enrolments', () => {
  const commands = Array.from({ length: 50 }, (_, index) => enrol(index + 1));
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };

  it('seats exactly 20 and waitlists 30, in the order the enrolments were accepted', () => {
    const { stream, accepted, retries } = enrolConcurrently(commands, random);
    const state = stream.state();
    if (state.status !== 'scheduled') throw new Error('not scheduled');
    expect(seatsTaken(state)).toBe(20);
    expect(state.waitlist).toEqual(accepted.slice(20));
    expect(retries).toBeGreaterThan(0);
    const types = stream.events.slice(1).map((event) => event.type);
    expect(types.filter((type) => type === 'ParticipantEnrolled')).toHaveLength(20);
    expect(types.filter((type) => type === 'ParticipantWaitlisted')).toHaveLength(30);
    const positions = stream.events.filter((event) => event.type === 'ParticipantWaitlisted').map((event) => (event.data as { position: number }).position);
    expect(positions).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
  });

  it('promotes the waiting in that same order as seats free up', () => {
    const { stream, accepted } = enrolConcurrently(commands, random);
    const seated = accepted.slice(0, 20);
    const promoted: string[] = [];
    for (const nip of seated.slice(0, 5)) {
      const decision = decider.decide(trainingCommand('Withdraw', { cohortId, nip }, BEFORE, 'dpmptsp'), stream.state());
      if (isRejection(decision)) throw new Error(decision.message);
      stream.append(stream.events.length, decision);
      promoted.push(...decision.filter((event) => event.type === 'EnrolmentPromoted').map((event) => event.data.nip));
    }
    expect(promoted).toEqual(accepted.slice(20, 25));
    const state = stream.state();
    expect(state.status === 'scheduled' && seatsTaken(state)).toBe(20);
    expect(state.status === 'scheduled' && state.waitlist).toEqual(accepted.slice(25));
  });

  it('rejects a second enrolment of the same NIP however the race goes', () => {
    const duplicates = [enrol(1), { ...enrol(1), data: { ...enrol(1).data, enrolmentId: 'enr-1-again' } }];
    const stream = new Stream();
    const state = stream.state();
    const first = decider.decide(duplicates[0], state);
    const second = decider.decide(duplicates[1], state);
    expect(isRejection(first) || isRejection(second)).toBe(false);
    stream.append(1, first as CohortEvent[]);
    expect(stream.append(1, second as CohortEvent[])).toBe(false);
    const retried = decider.decide(duplicates[1], stream.state());
    expect(isRejection(retried) && retried.code).toBe('COHORT.ALREADY_ENROLLED');
    expect(sampleNip(1)).toHaveLength(18);
  });
});
