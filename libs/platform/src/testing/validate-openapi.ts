import { spawn } from 'node:child_process';

/**
 * `SwaggerParser.validate(structuredClone(document))` of @apidevtools/swagger-parser,
 * run in a plain Node process: its dependencies are ES modules, which Jest's
 * CommonJS runtime cannot load. Resolves when the document is a valid OpenAPI
 * document, rejects with the parser's message otherwise.
 */
export function validateOpenApi(document: unknown): Promise<void> {
  const script = `
    import SwaggerParser from '@apidevtools/swagger-parser';
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    try {
      await SwaggerParser.validate(structuredClone(JSON.parse(text)));
    } catch (error) {
      console.error(error.message);
      process.exit(1);
    }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`invalid OpenAPI document: ${errors.trim()}`))));
    child.stdin.end(JSON.stringify(document));
  });
}
