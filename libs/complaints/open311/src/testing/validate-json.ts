import Ajv, { ValidateFunction } from 'ajv';
import { Open311Resource } from '../resources';
import { OPEN311_JSON_SCHEMAS } from './open311.json-schemas';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validators = new Map<Open311Resource, ValidateFunction>();

/** The problems of a JSON document (text or parsed value) against its resource's schema; empty when it is valid. */
export function validateOpen311Json(json: unknown, resource: Open311Resource): string[] {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return [`not JSON: ${(error as Error).message}`];
    }
  }
  const validate = validatorOf(resource);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}

function validatorOf(resource: Open311Resource): ValidateFunction {
  const known = validators.get(resource);
  if (known) return known;
  const compiled = ajv.compile(OPEN311_JSON_SCHEMAS[resource]);
  validators.set(resource, compiled);
  return compiled;
}
