import { type EditTypeLabel } from '@peel/shared';
import { type SftRecord, type ValidationResult } from './records';
import {
  checkEditType,
  checkImagePath,
  checkObject,
  checkSourceUrl,
  checkText,
  collectExtra,
  type JsonObject,
  Problems,
  readField,
} from './validate-fields';

/** The five keys of sft.jsonl, which preference.jsonl shares. */
export const EDIT_KEYS = [
  'open_image_input_url',
  'text',
  'output_image',
  'edit_type',
  'summarized_text',
] as const;

export interface EditFields {
  sourceUrl: string;
  text: string;
  outputImage: string;
  editType: EditTypeLabel;
  summarizedText: string;
}

/** Checks the five shared keys; the fields are complete only when no problem was added. */
export function readEditFields(object: JsonObject, problems: Problems): Partial<EditFields> {
  return {
    sourceUrl: readField(object, 'open_image_input_url', problems, checkSourceUrl),
    text: readField(object, 'text', problems, checkText),
    outputImage: readField(object, 'output_image', problems, checkImagePath),
    editType: readField(object, 'edit_type', problems, checkEditType),
    summarizedText: readField(object, 'summarized_text', problems, checkText),
  };
}

/** One line of sft.jsonl: a successful single-turn edit. */
export function validateSft(value: unknown, line: number): ValidationResult<SftRecord> {
  const problems = new Problems(line);
  const object = checkObject(value, problems);
  if (!object) return problems.failure();
  const fields = readEditFields(object, problems);
  return problems.result(() => ({
    kind: 'sft',
    line,
    ...(fields as EditFields),
    extra: collectExtra(object, EDIT_KEYS),
  }));
}
