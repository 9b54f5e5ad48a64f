import { EDIT_CATEGORIES, EDIT_TYPES } from '@peel/shared';

export const CATEGORY_NAMES: Record<string, string> = Object.fromEntries(
  EDIT_CATEGORIES.map((category) => [category.id, category.name]),
);

export const ORIGIN_LABELS: Record<string, string> = {
  sft: 'SFT (success)',
  preference_chosen: 'Preferred (success)',
  preference_rejected: 'Rejected attempt (failed)',
  dataset: 'Dataset',
  admin: 'Admin',
};

export const EDIT_TYPE_OPTIONS = EDIT_TYPES.map((type) => ({
  value: String(type.id),
  label: type.label,
}));

export const CATEGORY_OPTIONS = EDIT_CATEGORIES.map((category) => ({
  value: category.id,
  label: category.name,
}));
