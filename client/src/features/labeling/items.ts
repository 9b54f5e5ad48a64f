import { type TaskItem } from '@peel/shared';

/** The item of each task type, as the client receives it. */
export type PairwiseItem = Extract<TaskItem, { kind: 'pairwise' }>;
export type MultiTurnItem = Extract<TaskItem, { kind: 'multi_turn' }>;
export type TaxonomyItem = Extract<TaskItem, { kind: 'taxonomy' }>;
/** An image of a task: the URL to load and the dataset path. */
export type ImageRef = PairwiseItem['source'];
