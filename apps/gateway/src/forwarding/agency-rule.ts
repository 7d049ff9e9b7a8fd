// The rule vocabulary lives with the services that declare it on their own operations; the gateway's own controllers use it from here.
export { AGENCY_RULE_EXTENSION, AGENCY_RULES, AgencyRule } from '@palembang/http';
