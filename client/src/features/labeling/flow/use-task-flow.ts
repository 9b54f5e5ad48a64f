import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { labelingKeys, labelingRequests } from '../api';
import { preloadTask } from '../preload';
import { TaskFlow } from './task-flow';

/** The task flow of one batch for the labeling screen (started while the screen is mounted). */
export function useTaskFlow(batchId: number) {
  const queryClient = useQueryClient();
  const [flow] = useState(
    () =>
      new TaskFlow(batchId, {
        requests: labelingRequests,
        preload: preloadTask,
        onProgress: (progress) =>
          queryClient.setQueryData(labelingKeys.progress(batchId), progress),
        visible: () => document.visibilityState === 'visible',
      }),
  );
  useEffect(() => {
    flow.start();
    return () => flow.stop();
  }, [flow]);
  const state = useSyncExternalStore(flow.subscribe, flow.getState);
  return { flow, state };
}
