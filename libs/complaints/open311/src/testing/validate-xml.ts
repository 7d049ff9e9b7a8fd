import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Open311Resource } from '../resources';

export const XSD_DIRECTORY = join(__dirname, 'xsd');
const VALIDATOR_SOURCE = join(__dirname, 'ValidateXml.java');

/** The W3C XML Schema of each resource's XML form. */
export const XSD_FILES: Readonly<Record<Open311Resource, string>> = {
  discovery: join(XSD_DIRECTORY, 'discovery.xsd'),
  services: join(XSD_DIRECTORY, 'services.xsd'),
  service_definition: join(XSD_DIRECTORY, 'service-definition.xsd'),
  service_requests: join(XSD_DIRECTORY, 'service-requests.xsd'),
  service_request: join(XSD_DIRECTORY, 'service-request.xsd'),
  post_answer: join(XSD_DIRECTORY, 'post-answer.xsd'),
  token_answer: join(XSD_DIRECTORY, 'token-answer.xsd'),
  errors: join(XSD_DIRECTORY, 'errors.xsd'),
};

export type XmlToValidate = Readonly<{ xml: string; resource: Open311Resource }>;

/** The problems of one XML document against its resource's XSD; empty when it is valid. */
export function validateOpen311Xml(xml: string, resource: Open311Resource): string[] {
  return validateOpen311XmlDocuments([{ xml, resource }])[0];
}

/** Validates several documents in one JVM start (about a second), giving the problems of each in order. */
export function validateOpen311XmlDocuments(documents: readonly XmlToValidate[]): string[][] {
  if (documents.length === 0) return [];
  const directory = mkdtempSync(join(tmpdir(), 'open311-xml-'));
  try {
    const files = documents.map((document, index) => {
      const file = join(directory, `document-${index}.xml`);
      writeFileSync(file, document.xml, 'utf8');
      return file;
    });
    const problemsByFile = runValidator(documents.flatMap((document, index) => [XSD_FILES[document.resource], files[index]]));
    return documents.map((document, index) => [...declarationProblems(document.xml), ...(problemsByFile.get(files[index]) ?? [])]);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function runValidator(pairs: readonly string[]): Map<string, string[]> {
  const run = spawnSync('java', [VALIDATOR_SOURCE, ...pairs], { encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw new Error(`Cannot run java (JDK 17 needed): ${run.error.message}`);
  if (run.status !== 0 && run.status !== 1) throw new Error(`ValidateXml failed (${run.status}): ${run.stderr}`);
  const problemsByFile = new Map<string, string[]>();
  for (const line of run.stdout.split('\n').filter((text) => text !== '')) {
    const [file, problem] = line.split('\t');
    problemsByFile.set(file, [...(problemsByFile.get(file) ?? []), problem]);
  }
  return problemsByFile;
}

/** The specification asks for the declaration with the encoding; an XML Schema cannot check it. */
function declarationProblems(xml: string): string[] {
  return /^<\?xml version="1\.0" encoding="utf-8"\?>/i.test(xml) ? [] : ['0:0: the document must start with <?xml version="1.0" encoding="utf-8"?>'];
}
