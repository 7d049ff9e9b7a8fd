import { deepStrictEqual, fail } from 'node:assert';
import { Decider, isRejection, foldEvents } from './decider';
import { Event } from './event';

/**
 * given/when/then for deciders:
 *
 *   spec.given([submitted]).when(approve).then([approved]);
 *   spec.given([]).when(approve).thenRejects('PERMIT.NOT_FOUND');
 */
export function deciderSpecification<C, E extends Event, S>(decider: Decider<C, E, S>) {
  return {
    given(events: readonly E[]) {
      return {
        when(command: C) {
          const decide = () => decider.decide(command, foldEvents(decider, events));
          return {
            then(expected: readonly E[]) {
              const decision = decide();
              if (isRejection(decision)) fail(`expected events, got rejection ${decision.code}: ${decision.message}`);
              deepStrictEqual(decision, expected);
            },
            thenRejects(code: string) {
              const decision = decide();
              if (!isRejection(decision)) fail(`expected rejection ${code}, got ${JSON.stringify(decision)}`);
              deepStrictEqual(decision.code, code);
            },
            thenThrows(matcher?: (error: unknown) => boolean) {
              try {
                decide();
              } catch (error) {
                if (matcher && !matcher(error)) fail(`unexpected error: ${String(error)}`);
                return;
              }
              fail('expected the command to throw');
            },
          };
        },
      };
    },
  };
}
