import { PALEMBANG_AGENCIES } from '@palembang/events/core';
import { palembangComplaintCategories } from './palembang-categories';

describe("the complaint categories of Palembang's installation", () => {
  it('each route to an agency of the register every installation starts with', () => {
    const registered = new Set(PALEMBANG_AGENCIES.map((agency) => agency.agencyId));
    expect(palembangComplaintCategories().filter((category) => !registered.has(category.agencyId)).map((category) => category.code)).toEqual([]);
  });
});
