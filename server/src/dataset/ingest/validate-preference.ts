import { type PreferenceRecord, type RejectedShape, type ValidationResult } from './records';
import { EDIT_KEYS, type EditFields, readEditFields } from './validate-sft';
import {
  checkImagePath,
  checkObject,
  collectExtra,
  describeType,
  Problems,
  quote,
  readField,
} from './validate-fields';

const PREFERENCE_KEYS = [...EDIT_KEYS, 'rejected_images'] as const;

export interface RejectedImages {
  images: string[];
  shape: RejectedShape;
}

/**
 * One line of preference.jsonl: the successful edit (`output_image`) and the failed attempts
 * (`rejected_images`). An empty `rejected_images` is accepted (shape 'empty'): the record still
 * yields its chosen edit, just no pair.
 */
export function validatePreference(
  value: unknown,
  line: number,
): ValidationResult<PreferenceRecord> {
  const problems = new Problems(line);
  const object = checkObject(value, problems);
  if (!object) return problems.failure();
  const fields = readEditFields(object, problems);
  const rejected = readField(object, 'rejected_images', problems, checkRejectedImages);
  if (rejected && fields.outputImage !== undefined) {
    checkNotOutput(rejected, fields.outputImage, problems);
  }
  return problems.result(() => ({
    kind: 'preference',
    line,
    ...(fields as EditFields),
    rejectedImages: (rejected as RejectedImages).images,
    rejectedShape: (rejected as RejectedImages).shape,
    extra: collectExtra(object, PREFERENCE_KEYS),
  }));
}

/**
 * `rejected_images` in any of the shapes FORMAT.md allows: an array of paths, one path, or a
 * string holding a JSON array of paths.
 */
export function checkRejectedImages(
  value: unknown,
  field: string,
  problems: Problems,
): RejectedImages | undefined {
  if (Array.isArray(value)) return checkRejectedList(value, 'array', field, problems);
  if (typeof value === 'string' && value.trimStart().startsWith('[')) {
    return checkJsonStringArray(value, field, problems);
  }
  if (typeof value === 'string') {
    const path = checkImagePath(value, field, problems);
    return path === undefined ? undefined : { images: [path], shape: 'string' };
  }
  const expected = 'an array of image paths, one path, or a string holding a JSON array';
  problems.add(field, `expected ${expected}, got ${describeType(value)}`);
  return undefined;
}

function checkJsonStringArray(
  value: string,
  field: string,
  problems: Problems,
): RejectedImages | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.add(field, `a string starting with "[" that is not a valid JSON array: ${reason}`);
    return undefined;
  }
  if (!Array.isArray(parsed)) {
    problems.add(field, `a string holding JSON ${describeType(parsed)}, not an array`);
    return undefined;
  }
  return checkRejectedList(parsed, 'json_string_array', field, problems);
}

function checkRejectedList(
  items: unknown[],
  shape: RejectedShape,
  field: string,
  problems: Problems,
): RejectedImages | undefined {
  if (items.length === 0) return { images: [], shape: 'empty' };
  const before = problems.list.length;
  const images: string[] = [];
  items.forEach((item, index) => {
    const itemField = `${field}[${index}]`;
    if (typeof item !== 'string') {
      problems.add(itemField, `item ${index}: expected a string, got ${describeType(item)}`);
      return;
    }
    const path = checkImagePath(item, itemField, problems);
    const first = items.indexOf(item);
    if (first < index)
      problems.add(itemField, `item ${index} repeats item ${first} ${quote(item)}`);
    if (path !== undefined) images.push(path);
  });
  return problems.list.length === before ? { images, shape } : undefined;
}

/** A failed attempt cannot be the successful edit itself. */
function checkNotOutput(rejected: RejectedImages, outputImage: string, problems: Problems): void {
  rejected.images.forEach((image, index) => {
    if (image !== outputImage) return;
    const field = rejected.shape === 'string' ? 'rejected_images' : `rejected_images[${index}]`;
    problems.add(field, `${quote(image)} is also the output_image (the chosen edit)`);
  });
}
