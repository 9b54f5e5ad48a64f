import { type DatasetKind } from '@peel/shared';
import { isJsonObject } from './validate-fields';

/**
 * The kind of record a parsed line looks like, from its keys alone, or undefined when it cannot
 * tell (not an object, or too few keys to decide). Used to catch a file imported as the wrong kind.
 */
export function detectKind(value: unknown): DatasetKind | undefined {
  if (!isJsonObject(value)) return undefined;
  const has = (key: string) => Object.hasOwn(value, key);
  if (has('files') || has('metadata_edit_turn_prompts')) return 'multi_turn';
  if (has('rejected_images')) return 'preference';
  if (has('output_image') && has('edit_type')) return 'sft';
  return undefined;
}
