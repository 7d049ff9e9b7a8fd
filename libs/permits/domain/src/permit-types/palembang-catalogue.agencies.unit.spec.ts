import { PALEMBANG_AGENCIES } from '@palembang/events/core';
import { PALEMBANG_PERMIT_TYPES } from './palembang-catalogue';

describe("the permit types Palembang's installation offers", () => {
  it('each belong to an agency of the register every installation starts with', () => {
    const registered = new Set(PALEMBANG_AGENCIES.map((agency) => agency.agencyId));
    expect(PALEMBANG_PERMIT_TYPES.filter((permitType) => !registered.has(permitType.agencyId)).map((permitType) => permitType.code)).toEqual([]);
  });
});
