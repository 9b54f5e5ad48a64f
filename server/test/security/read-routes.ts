import { DATASET_FILTERS, type DatasetList } from '@peel/shared';
import { type Caller, type World } from './security-world';

/**
 * Every GET route the app registers, one line each: who calls it in the suites and every query
 * parameter it reads (filters, sorts, pages) with a valid value, or `undefined` for one that is
 * left out by default. The SQL meta-character suite sends hostile values in each parameter and
 * in each path parameter, and fails while a registered GET route is missing here or a parameter
 * its controller's query schema reads is not listed.
 */
export interface ReadRoute {
  as: Caller;
  query?: (world: World) => Record<string, string | undefined>;
  /** The baseline's answer when it is not 200 (a redirect). */
  status?: number;
  /** Filters that take repeated values (`?import=1&import=2` = either): more values, more rows. */
  repeatable?: readonly string[];
  /**
   * Substring searches, by parameter, with the text of a listed row they search: another term may
   * match more rows, but every row it returns must contain the term (a blank term means no filter).
   */
  textSearch?: Readonly<Record<string, (item: Record<string, unknown>) => string>>;
  /** Path parameters other than the world's defaults (`pathOf`). */
  ids?: (world: World) => Record<string, string>;
}

/** A list's filters (but `import`) and the cursor: left out of the baseline, fuzzed one by one. */
function datasetUnset(list: DatasetList): Record<string, undefined> {
  const names = [...DATASET_FILTERS[list].filter((name) => name !== 'import'), 'cursor'];
  return Object.fromEntries(names.map((name) => [name, undefined]));
}

/** The filters taking repeated values (`?import=1&import=2`) that the list has. */
function datasetRepeatable(list: DatasetList): string[] {
  const repeatable: readonly string[] = ['editType', 'category', 'import', 'origin'];
  return DATASET_FILTERS[list].filter((name) => repeatable.includes(name));
}

export const READ_ROUTES: Record<string, ReadRoute> = {
  'GET /metrics': { as: 'anonymous' },
  'GET /api/health': { as: 'anonymous' },
  'GET /api/ready': { as: 'anonymous' },
  'GET /api/docs': { as: 'anonymous' },
  'GET /api/docs-json': { as: 'anonymous' },
  'GET /api/docs-yaml': { as: 'anonymous' },
  'GET /api/auth/csrf': { as: 'anonymous' },
  'GET /api/auth/me': { as: 'rater' },
  'GET /api/users': { as: 'admin' },
  'GET /api/batches': {
    as: 'admin',
    query: () => ({
      status: 'active',
      taskType: 'pairwise',
      q: 'security',
      sort: 'name',
      order: 'asc',
      page: '0',
      pageSize: '20',
    }),
    textSearch: { q: (batch) => String(batch.name) },
  },
  'GET /api/batches/:id/gold': { as: 'admin' },
  'GET /api/batches/:id/timeline': { as: 'admin', query: () => ({ buckets: '30' }) },
  'GET /api/batches/:id/raters': { as: 'admin' },
  // Taxonomy batches only (a pairwise one is a 409).
  'GET /api/batches/:id/confusion': {
    as: 'admin',
    ids: (w) => ({ id: String(w.taxonomyBatchId) }),
  },
  'GET /api/batches/:id': { as: 'admin' },
  'GET /api/rater/batches': { as: 'rater' },
  'GET /api/batches/:id/progress': { as: 'rater' },
  'GET /api/batches/:id/judgments/mine': { as: 'rater', query: () => ({ limit: '20' }) },
  'GET /api/batches/:id/agreement': { as: 'admin' },
  'GET /api/batches/:id/agreement/raters': { as: 'admin' },
  'GET /api/batches/:id/consensus': {
    as: 'admin',
    query: () => ({ question: 'overall', limit: '10', cursor: undefined }),
  },
  'GET /api/batches/:id/disagreements': {
    as: 'admin',
    query: () => ({ question: 'overall', limit: '10', cursor: undefined }),
  },
  'GET /api/exports': { as: 'admin', query: () => ({ limit: '5', cursor: undefined }) },
  'GET /api/exports/:id': { as: 'admin' },
  'GET /api/exports/:id/files/:name': { as: 'admin' },
  'GET /api/dataset/edits': {
    as: 'admin',
    repeatable: datasetRepeatable('edits'),
    query: (w) => ({
      ...datasetUnset('edits'),
      import: String(w.importId),
      sort: 'id',
      limit: '20',
    }),
  },
  'GET /api/dataset/pairs': {
    as: 'admin',
    repeatable: datasetRepeatable('pairs'),
    query: (w) => ({
      ...datasetUnset('pairs'),
      import: String(w.importId),
      sort: '-id',
      limit: '20',
    }),
  },
  'GET /api/dataset/sessions': {
    as: 'admin',
    repeatable: datasetRepeatable('sessions'),
    query: (w) => ({
      ...datasetUnset('sessions'),
      import: String(w.sessionImportId),
      sort: '-turns',
      limit: '20',
    }),
  },
  'GET /api/dataset/edits/:id': { as: 'admin', ids: (w) => ({ id: String(w.editIds[0]) }) },
  'GET /api/dataset/pairs/:id': { as: 'admin', ids: (w) => ({ id: String(w.pairId) }) },
  'GET /api/dataset/sessions/:id': { as: 'admin', ids: (w) => ({ id: String(w.sessionId) }) },
  // Without a local image mirror (tests) it redirects to the image: 302 is its correct answer.
  'GET /api/dataset/thumbnail': {
    as: 'admin',
    query: (w) => ({ image: w.editImage }),
    status: 302,
  },
  'GET /api/imports': { as: 'admin', query: () => ({ limit: '10', cursor: undefined }) },
  'GET /api/imports/:id': { as: 'admin', ids: (w) => ({ id: String(w.importId) }) },
  'GET /api/audit': {
    as: 'admin',
    query: (w) => ({
      actor: String(w.adminId),
      action: 'batch.',
      targetType: undefined,
      targetId: undefined,
      from: undefined,
      to: undefined,
      cursor: undefined,
      limit: '20',
    }),
  },
  'GET /api/batches/:id/items/:itemId': { as: 'admin' },
  'GET /api/batches/:id/adjudications': {
    as: 'admin',
    query: () => ({ after: undefined, limit: '10' }),
  },
};
