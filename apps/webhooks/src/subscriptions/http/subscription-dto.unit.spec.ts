import { undocumentedConstraints } from '@palembang/api-conventions';
import * as dtos from './subscription.dto';

describe('the webhook subscription request classes', () => {
  it('document every constraint their validators enforce', () => {
    expect(undocumentedConstraints(Object.values(dtos))).toEqual([]);
  });
});
