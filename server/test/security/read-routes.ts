import { type Caller, type World } from './security-world';

/**
 * Every GET route the app registers, one line each: who calls it in the suites and every query
 * parameter it reads (filters, sorts, pages) with a valid value, or `undefined` for one that is
 * left out by default. The SQL meta-character suite sends hostile values in each parameter and
 * in each path parameter, and fails while a registered GET route is missing here.
 */
export interface ReadRoute {
  as: Caller;
  query?: (world: World) => Record<string, string | undefined>;
  /** Text searches where a blank value means no filter (so it may legitimately match more). */
  blankMeansAll?: readonly string[];
  /** Path parameters other than the world's defaults (`pathOf`). */
  ids?: (world: World) => Record<string, string>;
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
    blankMeansAll: ['q'],
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
  'GET /api/batches/:id/items/:itemId': { as: 'admin' },
  'GET /api/batches/:id/adjudications': {
    as: 'admin',
    query: () => ({ after: undefined, limit: '10' }),
  },
};
