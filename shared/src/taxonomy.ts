import { EDIT_CATEGORIES } from './taxonomy.data';

export { EDIT_CATEGORIES, TAXONOMY_VERSION } from './taxonomy.data';

export type EditCategoryId = (typeof EDIT_CATEGORIES)[number]['id'];
export type EditTypeLabel = (typeof EDIT_CATEGORIES)[number]['editTypes'][number]['label'];

export interface EditTypeInfo {
  /** 1-based position in the paper's table order; stable, used as the database id. */
  id: number;
  label: EditTypeLabel;
  categoryId: EditCategoryId;
  sftCount: number;
}

export const EDIT_TYPES: readonly EditTypeInfo[] = EDIT_CATEGORIES.flatMap((category) =>
  category.editTypes.map((type) => ({
    label: type.label,
    categoryId: category.id,
    sftCount: type.sftCount,
  })),
).map((type, index) => ({ id: index + 1, ...type }));

export const EDIT_TYPE_LABELS: readonly EditTypeLabel[] = EDIT_TYPES.map((type) => type.label);

const byLabel = new Map<string, EditTypeInfo>(EDIT_TYPES.map((type) => [type.label, type]));

export function findEditType(label: string): EditTypeInfo | undefined {
  return byLabel.get(label);
}

export function isEditTypeLabel(label: string): label is EditTypeLabel {
  return byLabel.has(label);
}
