import { isIsoDateOrDatetime } from './datetime';
import { Open311Error, ServiceAttribute, ServiceDefinition } from './resources';
import { Parsed, badRequest, parsed, rejected } from './result';
import { SubmittedAttributes } from './service-request-form';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const STRING_MAX_LENGTH = 255;
const TEXT_MAX_LENGTH = 4000;

/**
 * Checks submitted attributes against the service definition: required ones present, list values
 * among the options, numbers numeric, datetimes ISO 8601. Gives back the values of the service's
 * input attributes, a multivaluelist always as a list.
 */
export function validateAttributes(definition: ServiceDefinition, submitted: SubmittedAttributes): Parsed<SubmittedAttributes> {
  const inputs = definition.attributes.filter((attribute) => attribute.variable);
  const errors = Object.keys(submitted)
    .filter((code) => !inputs.some((attribute) => attribute.code === code))
    .map((code) => badRequest(`attribute[${code}] is not an input of service ${definition.service_code}`));
  const accepted: Record<string, string | readonly string[]> = {};
  for (const attribute of inputs) {
    const value = submitted[attribute.code];
    const problem = isMissing(value) ? missingProblem(attribute) : valueProblem(attribute, value);
    if (problem) errors.push(problem);
    else if (!isMissing(value)) accepted[attribute.code] = attribute.datatype === 'multivaluelist' ? asList(value) : value;
  }
  return errors.length ? rejected(errors) : parsed(accepted);
}

function isMissing(value: string | readonly string[] | undefined): value is undefined {
  return value === undefined || value.length === 0;
}

function missingProblem(attribute: ServiceAttribute): Open311Error | undefined {
  return attribute.required ? badRequest(`attribute[${attribute.code}] is required: ${attribute.description}`) : undefined;
}

function valueProblem(attribute: ServiceAttribute, value: string | readonly string[]): Open311Error | undefined {
  const name = `attribute[${attribute.code}]`;
  if (attribute.datatype === 'multivaluelist') {
    const unknown = asList(value).filter((item) => !isOption(attribute, item));
    return unknown.length ? badRequest(`${name} holds values that are not options: ${unknown.join(', ')}`) : undefined;
  }
  if (typeof value !== 'string') return badRequest(`${name} takes a single value`);
  return singleValueProblem(attribute, name, value);
}

function singleValueProblem(attribute: ServiceAttribute, name: string, value: string): Open311Error | undefined {
  switch (attribute.datatype) {
    case 'singlevaluelist':
      return isOption(attribute, value) ? undefined : badRequest(`${name} is not one of the options`);
    case 'number':
      return NUMBER.test(value) ? undefined : badRequest(`${name} must be a number`);
    case 'datetime':
      return isIsoDateOrDatetime(value) ? undefined : badRequest(`${name} must be an ISO 8601 date or datetime, e.g. 2026-11-30T09:15:00+07:00`);
    case 'string':
      if (/[\r\n]/.test(value)) return badRequest(`${name} must be a single line`);
      return value.length > STRING_MAX_LENGTH ? badRequest(`${name} is longer than ${STRING_MAX_LENGTH} characters`) : undefined;
    case 'text':
      return value.length > TEXT_MAX_LENGTH ? badRequest(`${name} is longer than ${TEXT_MAX_LENGTH} characters`) : undefined;
    case 'multivaluelist':
      throw new Error('multivaluelist values are lists');
    default: {
      const unhandled: never = attribute.datatype;
      throw new Error(`Unknown attribute datatype ${String(unhandled)}`);
    }
  }
}

function isOption(attribute: ServiceAttribute, key: string): boolean {
  return (attribute.values ?? []).some((option) => option.key === key);
}

function asList(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : [...new Set(value)];
}
