import { EventContracts } from './contracts';
import { isErased, ERASED } from './personal-data';

describe('EventContracts', () => {
  const contracts = new EventContracts([
    {
      type: 'PermitTypeDefined',
      schemaVersion: 3,
      upcasters: {
        1: (data) => ({ ...data, processingDays: data.days, days: undefined }),
        2: (data) => ({ ...data, deemedApproval: false }),
      },
    },
  ]);

  it('upcasts through every version up to the current one', () => {
    expect(contracts.upcast('PermitTypeDefined', 1, { code: 'PBG', days: 10 })).toEqual({
      schemaVersion: 3,
      data: { code: 'PBG', processingDays: 10, days: undefined, deemedApproval: false },
    });
  });

  it('leaves current and unknown types as they are', () => {
    expect(contracts.upcast('PermitTypeDefined', 3, { code: 'PBG' })).toEqual({ schemaVersion: 3, data: { code: 'PBG' } });
    expect(contracts.upcast('Unknown', 1, { a: 1 })).toEqual({ schemaVersion: 1, data: { a: 1 } });
  });

  it('refuses a registry with a missing upcaster', () => {
    const broken = new EventContracts([{ type: 'X', schemaVersion: 2 }]);
    expect(() => broken.upcast('X', 1, {})).toThrow('No upcaster for X from schema version 1');
  });

  it('refuses the same type twice', () => {
    expect(() => contracts.register({ type: 'PermitTypeDefined', schemaVersion: 1 })).toThrow();
  });
});

describe('the ERASED marker', () => {
  it('is recognised, and ordinary values are not', () => {
    expect(isErased(ERASED)).toBe(true);
    expect(isErased({ erased: true, name: 'x' })).toBe(false);
    expect(isErased('erased')).toBe(false);
  });
});
