import {
  type CreatePairBody,
  type DatasetList,
  type DatasetPage,
  type EditDetail,
  type EditRow,
  type PairDetail,
  type PairRow,
  type SessionDetail,
  type SessionRow,
} from '@peel/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export type DatasetRow = { edits: EditRow; pairs: PairRow; sessions: SessionRow };

export const datasetKeys = {
  all: ['dataset'] as const,
  page: (list: DatasetList, query: string) => [...datasetKeys.all, list, 'page', query] as const,
  item: (list: DatasetList, id: number) => [...datasetKeys.all, list, 'item', id] as const,
};

/** `GET /api/dataset/<list>?<query>`: one keyset page; the previous page stays while the next loads. */
export function useDatasetPage<L extends DatasetList>(list: L, query: string) {
  return useQuery({
    queryKey: datasetKeys.page(list, query),
    queryFn: ({ signal }) =>
      api<DatasetPage<DatasetRow[L]>>(`/api/dataset/${list}?${query}`, { signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

type Detail = { edits: EditDetail; pairs: PairDetail; sessions: SessionDetail };

export function useDatasetItem<L extends DatasetList>(list: L, id: number) {
  return useQuery({
    queryKey: datasetKeys.item(list, id),
    queryFn: ({ signal }) => api<Detail[L]>(`/api/dataset/${list}/${id}`, { signal }),
    retry: false,
  });
}

/** `POST /api/pairs`: an admin-made pair of two edits of the same source image and instruction. */
export function useCreatePair() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePairBody) =>
      api<{ id: number } & CreatePairBody>('/api/pairs', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: datasetKeys.all }),
  });
}
