export type { XmlToValidate } from './validate-xml';
export { XSD_DIRECTORY, XSD_FILES, validateOpen311Xml, validateOpen311XmlDocuments } from './validate-xml';
export { validateOpen311Json } from './validate-json';
export { OPEN311_JSON_SCHEMAS } from './open311.json-schemas';
export * from './open311.fixtures';
