import { type AuditPage } from '@peel/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const AUDIT_PARAMS = ['actor', 'action', 'targetType', 'targetId', 'from', 'to', 'cursor'];

/** `GET /api/audit?<query>`: newest first, one keyset page. */
export function useAuditPage(query: string) {
  return useQuery({
    queryKey: ['audit', query],
    queryFn: ({ signal }) => api<AuditPage>(`/api/audit?${query}`, { signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}
