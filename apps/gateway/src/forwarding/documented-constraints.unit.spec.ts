import * as accountability from '@palembang/accountability-api';
import { undocumentedConstraints } from '@palembang/api-conventions';
import * as conventions from '@palembang/api-conventions';
import * as complaints from '@palembang/complaints-api';
import * as permits from '@palembang/permits-api';
import * as training from '@palembang/training-api';

/**
 * The gateway publishes the API libraries' classes as its OpenAPI document, and the services
 * validate requests with the same classes: every rule a validator enforces is in the document.
 */
describe.each([
  ['api-conventions', conventions],
  ['permits-api', permits],
  ['complaints-api', complaints],
  ['training-api', training],
  ['accountability-api', accountability],
])('the request classes of %s', (_name, library) => {
  it('document every constraint their validators enforce', () => {
    expect(undocumentedConstraints(Object.values(library))).toEqual([]);
  });
});
