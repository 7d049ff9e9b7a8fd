/**
 * `npm run openapi:gateway`: builds the services, merges their OpenAPI documents into the
 * gateway's route table and the operations it publishes, and writes them to
 * apps/gateway/src/forwarding/service-operations.json (commit it; the gateway reads it at start).
 * A missing document, an operation declaring neither scopes nor x-public nor x-internal, or one
 * method and path claimed by two services fails with every case named (exit 1).
 */
import { ServiceDocumentsMergeError } from '@palembang/http';
import { writeFileSync } from 'node:fs';
import { mergeBuiltServiceDocuments, SERVICE_OPERATIONS_FILE } from '../../apps/gateway/src/testing/built-service-documents';

mergeBuiltServiceDocuments().then(
  (merged) => {
    writeFileSync(SERVICE_OPERATIONS_FILE, `${JSON.stringify(merged, null, 2)}\n`);
    process.stdout.write(`${merged.routes.length} operations of ${new Set(merged.routes.map((route) => route.service)).size} services written to ${SERVICE_OPERATIONS_FILE}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof ServiceDocumentsMergeError ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
