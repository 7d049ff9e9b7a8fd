/** The values and patterns of the training API's fields. */

export const COMPETENCY_AREAS = ['technical', 'managerial', 'socio-cultural', 'digital-services'] as const;
export const DELIVERY_MODES = ['classroom', 'e-learning', 'blended'] as const;
export const PROVIDER_KINDS = ['agency', 'partner'] as const;
export const PROGRAM_STATUSES = ['active', 'retired'] as const;
export const PARTNER_KINDS = ['university', 'polytechnic', 'ngo', 'company'] as const;
export const AGREEMENT_SCOPES = ['internship', 'research', 'training'] as const;
export const RESEARCH_KINDS = ['satisfaction-study', 'service-evaluation', 'policy-study', 'other'] as const;

export const TRAINING_AGENCY_ID = /^[a-z0-9][a-z0-9-]{0,59}$/;
export const TRAINING_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const PROGRAM_CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
export const NIP_PATTERN = /^\d{18}$/;
export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const NIP_PROPERTY = { type: String, pattern: NIP_PATTERN.source, description: 'Nomor Induk Pegawai (18 digits)', example: '198503122010011001' } as const;
