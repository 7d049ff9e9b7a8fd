/**
 * A document as the Spark convention sees it (http://wiki.open311.org/JSON_and_XML_Conversion):
 * a container of repeated elements is a JSON array, any other element with children a JSON object,
 * an empty element `null`. One tree renders to both XML and JSON.
 */
export type SparkScalar = string | number | boolean | null;
export type SparkRecord = { readonly [field: string]: SparkNode };
export type SparkNode = SparkScalar | SparkRecord | SparkList;

/** A container element whose children all carry `itemName`, e.g. `<services><service>`. */
export class SparkList {
  constructor(
    readonly itemName: string,
    readonly items: readonly SparkNode[],
  ) {}
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

export function toXmlDocument(rootName: string, root: SparkNode): string {
  return `${XML_DECLARATION}\n${toXmlElement(rootName, root, '')}\n`;
}

export function toJsonValue(node: SparkNode): unknown {
  if (node instanceof SparkList) return node.items.map(toJsonValue);
  if (isRecord(node)) return Object.fromEntries(Object.entries(node).map(([field, value]) => [field, toJsonValue(value)]));
  return node;
}

function toXmlElement(name: string, node: SparkNode, indent: string): string {
  if (node instanceof SparkList) return container(name, node.items.map((item) => toXmlElement(node.itemName, item, `${indent}  `)), indent);
  if (isRecord(node)) return container(name, Object.entries(node).map(([field, value]) => toXmlElement(field, value, `${indent}  `)), indent);
  return `${indent}<${name}>${escapeXmlText(scalarText(node))}</${name}>`;
}

function container(name: string, children: readonly string[], indent: string): string {
  if (children.length === 0) return `${indent}<${name}></${name}>`;
  return [`${indent}<${name}>`, ...children, `${indent}</${name}>`].join('\n');
}

function isRecord(node: SparkNode): node is SparkRecord {
  return typeof node === 'object' && node !== null && !(node instanceof SparkList);
}

function scalarText(value: SparkScalar): string {
  if (value === null) return '';
  if (typeof value === 'number') return decimalText(value);
  return String(value);
}

/** XML Schema decimals have no exponent, but `String(1e-7)` has one. */
function decimalText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Cannot render ${value} as a decimal`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** Characters XML 1.0 forbids even when escaped; a control character pasted into a complaint must not break the document. */
const CHARACTERS_NOT_ALLOWED_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXmlText(text: string): string {
  return text
    .replace(CHARACTERS_NOT_ALLOWED_IN_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
