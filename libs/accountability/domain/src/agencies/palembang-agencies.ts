// The seed is published language (libs/events/core), shared with every service's copy of the register.
export { PALEMBANG_AGENCIES, PALEMBANG_KECAMATAN } from '@palembang/events/core';
export type { AgencySeed } from '@palembang/events/core';
