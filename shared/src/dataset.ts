/** The three Pico-Banana annotation files. */
export const DATASET_KINDS = ['sft', 'preference', 'multi_turn'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

/** Where an edit came from in the dataset. */
export const EDIT_ORIGINS = ['sft', 'preference_chosen', 'preference_rejected'] as const;
export type EditOrigin = (typeof EDIT_ORIGINS)[number];

export const IMPORT_STATUSES = ['running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** The base URL of the released images (the path really says 300k). */
export const PICO_BANANA_IMAGE_BASE_URL =
  'https://ml-site.cdn-apple.com/datasets/pico-banana-300k/nb/';
