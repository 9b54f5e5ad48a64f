import { type DatasetKind } from '@peel/shared';
import { detectKind } from './detect-kind';
import { type RawLine } from './line-reader';
import { type LineProblem, type ValidationResult } from './records';
import { validateMultiTurn } from './validate-multi-turn';
import { validatePreference } from './validate-preference';
import { validateSft } from './validate-sft';

const VALIDATORS: Record<DatasetKind, (value: unknown, line: number) => ValidationResult> = {
  sft: validateSft,
  preference: validatePreference,
  multi_turn: validateMultiTurn,
};

const KIND_NAMES: Record<DatasetKind, string> = {
  sft: 'an sft',
  preference: 'a preference',
  multi_turn: 'a multi_turn',
};

/**
 * One line read from a file of `kind`, parsed and validated: a read error from `readLines` is
 * passed through, bad JSON is one problem for the whole line, and a line that looks like another
 * kind of record is reported as such rather than as a list of missing keys.
 */
export function parseLine(raw: RawLine, kind: DatasetKind): ValidationResult {
  if ('error' in raw) return { ok: false, problems: [raw.error] };
  let value: unknown;
  try {
    value = JSON.parse(raw.text);
  } catch (error) {
    return fail(raw.line, invalidJsonMessage(error, raw.terminated));
  }
  const detected = detectKind(value);
  if (detected !== undefined && detected !== kind) {
    const looks = `this line looks like ${KIND_NAMES[detected]} record`;
    return fail(raw.line, `${looks}; the file is being read as ${kind}`);
  }
  return VALIDATORS[kind](value, raw.line);
}

function invalidJsonMessage(error: unknown, terminated: boolean): string {
  const reason = error instanceof Error ? error.message : String(error);
  const truncated = terminated
    ? ''
    : ' (this is the last line and it has no final newline: the file may be truncated)';
  return `invalid JSON: ${reason}${truncated}`;
}

function fail(line: number, message: string): { ok: false; problems: LineProblem[] } {
  return { ok: false, problems: [{ line, field: '', message }] };
}
