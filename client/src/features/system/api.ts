import { type HealthResponse } from '@peel/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const systemKeys = {
  all: ['system'] as const,
  health: () => [...systemKeys.all, 'health'] as const,
};

/** `GET /api/health` (public). A 503 from a degraded server surfaces as an `ApiError`. */
export function useHealth() {
  return useQuery({
    queryKey: systemKeys.health(),
    queryFn: ({ signal }) => api<HealthResponse>('/api/health', { signal }),
    refetchInterval: 30_000,
  });
}
