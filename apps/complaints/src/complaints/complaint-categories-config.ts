import { ComplaintCategory, ComplaintCategoryCatalogue, palembangComplaintCategories } from '@palembang/complaints-domain';
import { ConfigurationError } from '@palembang/platform';
import { readFileSync } from 'node:fs';

/**
 * The complaint categories and the agency each is routed to: Palembang's by
 * default, or a JSON list in COMPLAINT_CATEGORIES_FILE
 * (`[{ code, name, description, agencyId, followUpKind }]`) for a city that
 * organises its agencies differently. A bad file stops the start-up naming it.
 */
export function readComplaintCategories(env: NodeJS.ProcessEnv): ComplaintCategoryCatalogue {
  const file = env.COMPLAINT_CATEGORIES_FILE?.trim();
  if (!file) return new ComplaintCategoryCatalogue(palembangComplaintCategories());
  let categories: unknown;
  try {
    categories = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(`COMPLAINT_CATEGORIES_FILE ${file} is not readable JSON (${(error as Error).name})`);
  }
  if (!Array.isArray(categories) || categories.length === 0) throw new ConfigurationError('COMPLAINT_CATEGORIES_FILE must hold a non-empty JSON list of categories');
  try {
    return new ComplaintCategoryCatalogue(categories as ComplaintCategory[]);
  } catch (error) {
    throw new ConfigurationError(`COMPLAINT_CATEGORIES_FILE: ${(error as Error).message}`);
  }
}
