import { assertNever, Decider, reject } from './decider';
import { deciderSpecification } from './decider-specification';
import { Event } from './event';

type Opened = Event<'CounterOpened', { limit: number }>;
type Incremented = Event<'CounterIncremented', { by: number }>;
type CounterEvent = Opened | Incremented;
type CounterCommand = { type: 'Open'; limit: number } | { type: 'Increment'; by: number };
type CounterState = { status: 'absent' } | { status: 'open'; value: number; limit: number };

const counter: Decider<CounterCommand, CounterEvent, CounterState> = {
  initialState: () => ({ status: 'absent' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'Open':
        return state.status === 'absent' ? [{ type: 'CounterOpened', data: { limit: command.limit } }] : reject('COUNTER.ALREADY_OPEN', 'already open');
      case 'Increment':
        if (state.status !== 'open') return reject('COUNTER.NOT_OPEN', 'open it first');
        if (state.value + command.by > state.limit) return reject('COUNTER.LIMIT', 'over the limit', 'by');
        return [{ type: 'CounterIncremented', data: { by: command.by } }];
      default:
        return assertNever(command);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'CounterOpened':
        return { status: 'open', value: 0, limit: event.data.limit };
      case 'CounterIncremented':
        return state.status === 'open' ? { ...state, value: state.value + event.data.by } : state;
      default:
        return assertNever(event);
    }
  },
};

const spec = deciderSpecification(counter);
const opened: Opened = { type: 'CounterOpened', data: { limit: 5 } };

describe('the decider test kit', () => {
  it('passes when the decided events are the expected ones', () => {
    spec.given([opened]).when({ type: 'Increment', by: 2 }).then([{ type: 'CounterIncremented', data: { by: 2 } }]);
  });

  it('fails when the decided events differ', () => {
    expect(() => spec.given([opened]).when({ type: 'Increment', by: 2 }).then([{ type: 'CounterIncremented', data: { by: 3 } }])).toThrow();
  });

  it('passes on the expected rejection code and fails on another', () => {
    spec.given([]).when({ type: 'Increment', by: 1 }).thenRejects('COUNTER.NOT_OPEN');
    expect(() => spec.given([]).when({ type: 'Increment', by: 1 }).thenRejects('COUNTER.LIMIT')).toThrow();
  });

  it('folds the given events before deciding', () => {
    spec
      .given([opened, { type: 'CounterIncremented', data: { by: 4 } }])
      .when({ type: 'Increment', by: 2 })
      .thenRejects('COUNTER.LIMIT');
  });
});
