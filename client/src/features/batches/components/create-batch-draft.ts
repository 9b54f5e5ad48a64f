import {
  type BatchSelection,
  type CreateBatchBody,
  type ITEM_ORIGINS,
  type TaskType,
} from '@peel/shared';
import { useEffect, useState } from 'react';
import { type FieldErrors } from '../../../lib/form-errors';

export const ORIGINS_BY_TYPE: Record<TaskType, readonly (typeof ITEM_ORIGINS)[number][]> = {
  pairwise: ['dataset_pair', 'admin_pair'],
  taxonomy: ['sft', 'preference_chosen', 'preference_rejected'],
  multi_turn: [],
};

export const STEPS = ['Items', 'Raters and overlap', 'Name and guidelines'] as const;

/** Which step holds the field a server issue names (`overlap.k`, `filters.origins`, ...). */
export function stepOf(path: string): number {
  if (/^(overlap|leaseSeconds|gold|raterIds)/.test(path)) return 1;
  if (/^(name|guidelines)/.test(path)) return 2;
  return 0;
}

export type Draft = {
  taskType: TaskType;
  editTypes: string[];
  categories: string[];
  origins: string[];
  humanJudgments: 'any' | 'with' | 'without';
  sampleSize: string;
  seed: string;
  k: string;
  adaptive: boolean;
  kMax: string;
  leaseMinutes: string;
  goldShare: string;
  goldMinAnswers: string;
  goldBar: string;
  allRaters: boolean;
  raterIds: number[];
  name: string;
  guidelines: string;
};

export const INITIAL: Draft = {
  taskType: 'pairwise',
  editTypes: [],
  categories: [],
  origins: [],
  humanJudgments: 'any',
  sampleSize: '',
  seed: '1',
  k: '3',
  adaptive: false,
  kMax: '5',
  leaseMinutes: '10',
  goldShare: '0',
  goldMinAnswers: '5',
  goldBar: '0.7',
  allRaters: true,
  raterIds: [],
  name: '',
  guidelines: '',
};

export const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

export function selectionOf(draft: Draft): BatchSelection {
  return {
    taskType: draft.taskType,
    filters: {
      ...(draft.editTypes.length ? { editTypes: draft.editTypes as never } : {}),
      ...(draft.categories.length ? { categories: draft.categories } : {}),
      ...(draft.origins.length ? { origins: draft.origins as never } : {}),
      humanJudgments: draft.humanJudgments,
    },
    sampleSize: num(draft.sampleSize),
    seed: num(draft.seed) ?? 1,
  };
}

export function bodyOf(draft: Draft): CreateBatchBody {
  return {
    ...selectionOf(draft),
    name: draft.name,
    overlap: {
      k: num(draft.k) ?? 0,
      adaptive: draft.adaptive,
      ...(draft.adaptive ? { kMax: num(draft.kMax) } : {}),
    },
    leaseSeconds: Math.round((num(draft.leaseMinutes) ?? 0) * 60),
    gold: {
      share: num(draft.goldShare) ?? 0,
      minAnswers: num(draft.goldMinAnswers) ?? 5,
      bar: num(draft.goldBar) ?? 0.7,
    },
    guidelines: draft.guidelines,
    raterIds: draft.allRaters ? null : draft.raterIds,
  };
}

/** The first error whose path is this field or inside it. */
export function errorAt(errors: FieldErrors, field: string): string | undefined {
  const key = Object.keys(errors).find((path) => path === field || path.startsWith(`${field}.`));
  return key ? errors[key] : undefined;
}

/** A debounced copy of `value` (the preview follows the filters without a call per keystroke). */
export function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

/** Sets one draft field (and clears the server's errors, as any edit does). */
export type SetDraft = <K extends keyof Draft>(key: K, value: Draft[K]) => void;
