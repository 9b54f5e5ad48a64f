import {
  CSRF_COOKIE_NAME,
  CSRF_HEADER_NAME,
  type ErrorBody,
  type ImportDetail,
  type ImportListResponse,
  type UrlImportBody,
} from '@peel/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../lib/api';

export const importKeys = {
  all: ['imports'] as const,
  list: () => [...importKeys.all, 'list'] as const,
  one: (id: number) => [...importKeys.all, 'one', id] as const,
};

/** `GET /api/imports`: newest first, one keyset page after another ("Show older"). */
export function useImportHistory() {
  return useInfiniteQuery({
    queryKey: importKeys.list(),
    queryFn: ({ pageParam, signal }) =>
      api<ImportListResponse>(`/api/imports?limit=20${pageParam ? `&cursor=${pageParam}` : ''}`, {
        signal,
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 5000,
  });
}

/** `GET /api/imports/:id`, polled every second while the import runs. */
export function useImport(id: number | null) {
  return useQuery({
    queryKey: importKeys.one(id ?? 0),
    queryFn: ({ signal }) => api<ImportDetail>(`/api/imports/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
  });
}

function csrfFromCookie(): string {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE_NAME) return decodeURIComponent(rest.join('='));
  }
  return '';
}

export type UploadInput = {
  file: File;
  kind: string;
  strict: boolean;
  /** Bytes sent so far (the browser's own upload progress). */
  onProgress: (sent: number, total: number) => void;
};

/**
 * `POST /api/imports/upload` with XMLHttpRequest (fetch reports no upload progress). The fields go
 * before the file, as the server reads them first.
 */
export async function uploadImport(input: UploadInput): Promise<ImportDetail> {
  let token = csrfFromCookie();
  if (!token) token = (await api<{ token: string }>('/api/auth/csrf')).token;
  return send(input, token);
}

function send(
  { file, kind, strict, onProgress }: UploadInput,
  token: string,
): Promise<ImportDetail> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    if (kind) form.append('kind', kind);
    if (strict) form.append('strict', 'true');
    form.append('file', file, file.name);
    const request = new XMLHttpRequest();
    request.open('POST', '/api/imports/upload');
    request.setRequestHeader(CSRF_HEADER_NAME, token);
    request.setRequestHeader('Accept', 'application/json');
    request.upload.onprogress = (event) => onProgress(event.loaded, event.total);
    request.onerror = () =>
      reject(
        new ApiError({
          code: 'NETWORK_ERROR',
          status: 0,
          message: 'The upload was interrupted. Check your connection and try again.',
        }),
      );
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(body as ImportDetail);
        return;
      }
      const error = body as Partial<ErrorBody> | undefined;
      reject(
        new ApiError({
          code: error?.code ?? (request.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL'),
          status: request.status,
          message: error?.message ?? `The server answered ${request.status}`,
          issues: error?.issues,
        }),
      );
    };
    request.send(form);
  });
}

export function useUploadImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadImport,
    onSettled: () => queryClient.invalidateQueries({ queryKey: importKeys.list() }),
  });
}

export function useUrlImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UrlImportBody) =>
      api<ImportDetail>('/api/imports/url', { method: 'POST', body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: importKeys.list() }),
  });
}
