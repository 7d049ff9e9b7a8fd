import { contractsAsTable, declaredIn, EventContractTable, EveryFieldListed } from './contract-table';
import { defineContract, EventContracts } from './contracts';
import { Event } from './event';
import { MEASURED_SERVICES, ServicePerformanceBelowStandard, servicePerformanceBelowStandardContract } from './integration-events';
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

/**
 * The one integration event, written out here rather than taken from its contract: accountability
 * publishes it and training consumes it, so a change to either side without this table fails.
 */
const INTEGRATION_EVENTS = {
  ServicePerformanceBelowStandard: {
    schemaVersion: 1,
    fields: ['alertId', 'agencyId', 'service', 'serviceCode', 'period', 'shareWithinStandard', 'threshold', 'decidedCases', 'casesWithinStandard', 'detectedAt'],
    personal: [],
  },
} as const satisfies EventContractTable<ServicePerformanceBelowStandard>;

/** Compile-time: every data field of the integration event is in the table above. */
const everyFieldListed: EveryFieldListed<ServicePerformanceBelowStandard, typeof INTEGRATION_EVENTS> = true;

describe('the integration event contract', () => {
  it('declares ServicePerformanceBelowStandard at schema version 1, with the fields written out above and no personal data', () => {
    expect(everyFieldListed).toBe(true);
    expect(contractsAsTable([servicePerformanceBelowStandardContract])).toEqual(declaredIn(INTEGRATION_EVENTS));
    expect(servicePerformanceBelowStandardContract.personalData).toBeUndefined();
  });

  it('measures the permits and complaints services', () => {
    expect(MEASURED_SERVICES).toEqual(['permits', 'complaints']);
  });
});

describe('a contract table', () => {
  type Sealed = Event<'Sealed', { subjectId: string; name: string }>;
  const sealed = defineContract<Sealed>({ type: 'Sealed', schemaVersion: 2, upcasters: { 1: (data) => data }, personalData: { subjectId: (data) => data.subjectId, fields: ['name'] } });

  it('reads from a registry what a table declares: schema version and personal fields per type, not the fields, which the compiler checks', () => {
    expect(contractsAsTable([sealed, { type: 'Plain', schemaVersion: 1 }])).toEqual({ Sealed: { schemaVersion: 2, personal: ['name'] }, Plain: { schemaVersion: 1, personal: [] } });
    expect(declaredIn({ Sealed: { schemaVersion: 2, fields: ['subjectId', 'name'], personal: ['name'] } })).toEqual({ Sealed: { schemaVersion: 2, personal: ['name'] } });
  });
});
