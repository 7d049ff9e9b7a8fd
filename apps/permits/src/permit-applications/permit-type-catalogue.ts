import { PALEMBANG_PERMIT_TYPES, PermitTypeCatalogue } from '@palembang/permits-domain';

export const PERMIT_TYPE_CATALOGUE = Symbol('PERMIT_TYPE_CATALOGUE');

/** The service standards this installation offers. */
export const permitTypeCatalogue = (): PermitTypeCatalogue => new PermitTypeCatalogue(PALEMBANG_PERMIT_TYPES);
