import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { RequireRole } from './components/require-role';
import { RouteError } from './components/route-error';
import { Shell } from './components/shell';
import { PageLoading } from './components/ui/page-state';
import { authKeys } from './features/auth/api';
import { onSessionExpired } from './lib/api';
import { createQueryClient } from './lib/query-client';
import { HomePage } from './routes/home';
import { NotFoundPage } from './routes/not-found';
import { RatePage } from './routes/rate';

const queryClient = createQueryClient();

/**
 * The rater's home loads eagerly and stays small; the labeling screen, the login, account and
 * admin pages (forms with the shared zod schemas, the users table) are separate chunks fetched
 * when first visited.
 */
const router = createBrowserRouter([
  {
    ErrorBoundary: RouteError,
    HydrateFallback: PageLoading,
    children: [
      {
        path: '/login',
        lazy: () => import('./routes/login').then((m) => ({ Component: m.LoginPage })),
      },
      {
        Component: Shell,
        children: [
          { index: true, Component: HomePage },
          { path: 'rate', Component: RatePage },
          {
            path: 'rate/:batchId',
            lazy: () => import('./routes/rate-batch').then((m) => ({ Component: m.RateBatchPage })),
          },
          {
            path: 'account/password',
            lazy: () =>
              import('./routes/account-password').then((m) => ({
                Component: m.AccountPasswordPage,
              })),
          },
          {
            path: 'admin',
            element: <RequireRole role="admin" />,
            children: [
              {
                index: true,
                lazy: () =>
                  import('./routes/admin-home').then((m) => ({ Component: m.AdminHomePage })),
              },
              {
                path: 'users',
                lazy: () =>
                  import('./routes/admin-users').then((m) => ({ Component: m.AdminUsersPage })),
              },
              {
                path: 'exports',
                lazy: () =>
                  import('./routes/admin-exports').then((m) => ({ Component: m.AdminExportsPage })),
              },
              {
                path: 'batches',
                lazy: () =>
                  import('./routes/admin-batches').then((m) => ({ Component: m.AdminBatchesPage })),
              },
              {
                path: 'batches/new',
                lazy: () =>
                  import('./routes/admin-batch-new').then((m) => ({
                    Component: m.AdminBatchNewPage,
                  })),
              },
              {
                path: 'batches/:batchId',
                lazy: () =>
                  import('./routes/admin-batch').then((m) => ({ Component: m.AdminBatchPage })),
              },
              {
                path: 'batches/:batchId/items/:itemId',
                lazy: () =>
                  import('./routes/admin-batch-item').then((m) => ({
                    Component: m.AdminBatchItemPage,
                  })),
              },
              {
                path: 'batches/:batchId/raters',
                lazy: () =>
                  import('./routes/admin-batch-raters').then((m) => ({
                    Component: m.AdminBatchRatersPage,
                  })),
              },
              {
                path: 'dataset/:list?',
                lazy: () =>
                  import('./routes/admin-dataset').then((m) => ({ Component: m.AdminDatasetPage })),
              },
              {
                path: 'dataset/:list/:id',
                lazy: () =>
                  import('./routes/admin-dataset-item').then((m) => ({
                    Component: m.AdminDatasetItemPage,
                  })),
              },
              {
                path: 'imports',
                lazy: () =>
                  import('./routes/admin-imports').then((m) => ({ Component: m.AdminImportsPage })),
              },
              {
                path: 'audit',
                lazy: () =>
                  import('./routes/admin-audit').then((m) => ({ Component: m.AdminAuditPage })),
              },
            ],
          },
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
]);

export function App() {
  // A 401 in the middle of work: forget the user; the shell then sends them to the login page
  // with `?next=` pointing back here, and drafts in sessionStorage wait for their return.
  useEffect(() => onSessionExpired(() => queryClient.setQueryData(authKeys.me(), null)), []);

  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
