import { type MultiTurnRecord, type ValidationResult } from './records';
import {
  checkImagePath,
  checkObject,
  checkSourceUrl,
  checkString,
  checkText,
  collectExtra,
  describeType,
  isJsonObject,
  type JsonObject,
  Problems,
  quote,
  readField,
} from './validate-fields';

const MULTI_TURN_KEYS = ['files', 'metadata_edit_turn_prompts'] as const;
export const MIN_TURNS = 2;
export const MAX_TURNS = 5;

const SOURCE_ID = 'original_input_image';
const FINAL_ID = 'final_image';
const EDIT_TURN_ID = /^edit_turn(\d+)$/;
const TURN_FILE = /_turn(\d+)\.png$/;

/** One `{ id, url }` entry of `files` whose id and url are strings. */
interface FileEntry {
  index: number;
  id: string;
  url: string;
}

interface SessionFiles {
  sourceUrl: string;
  sessionKey: string;
  images: string[];
  /** An entry had keys other than id/url, or an id the format does not know. */
  hasUnknown: boolean;
}

/**
 * One line of multi-turn.jsonl: N prompts (2..5) and the files of the session, in any order.
 * Unknown top-level keys go to `extra`; when a file entry carries unknown keys or an unknown id,
 * the whole `files` array is also kept verbatim as `extra.files`, so nothing is lost.
 */
export function validateMultiTurn(value: unknown, line: number): ValidationResult<MultiTurnRecord> {
  const problems = new Problems(line);
  const object = checkObject(value, problems);
  if (!object) return problems.failure();
  const prompts = readField(object, 'metadata_edit_turn_prompts', problems, checkPrompts);
  const turnCount = countTurns(object);
  const files = readField(object, 'files', problems, (files, field) =>
    checkFiles(files, field, problems, turnCount),
  );
  return problems.result(() => {
    const session = files as SessionFiles;
    const extra = collectExtra(object, MULTI_TURN_KEYS);
    if (session.hasUnknown) extra.files = object.files;
    const { sessionKey, sourceUrl, images } = session;
    return {
      kind: 'multi_turn',
      line,
      sessionKey,
      sourceUrl,
      prompts: prompts ?? [],
      images,
      fileOrder: (object.files as { id: string }[]).map((file) => file.id),
      extra,
    };
  });
}

/** N, when the prompts are an array of an allowed length (their items are checked separately). */
function countTurns(object: JsonObject): number | undefined {
  const prompts = object.metadata_edit_turn_prompts;
  if (!Array.isArray(prompts)) return undefined;
  return prompts.length >= MIN_TURNS && prompts.length <= MAX_TURNS ? prompts.length : undefined;
}

export function checkPrompts(
  value: unknown,
  field: string,
  problems: Problems,
): string[] | undefined {
  if (!Array.isArray(value)) {
    problems.add(field, `expected an array of strings, got ${describeType(value)}`);
    return undefined;
  }
  const before = problems.list.length;
  if (value.length < MIN_TURNS || value.length > MAX_TURNS) {
    const expected = `${MIN_TURNS} to ${MAX_TURNS} prompts (one per turn)`;
    problems.add(field, `expected ${expected}, got ${value.length}`);
  }
  const prompts = value.map((item, index) => checkText(item, `${field}[${index}]`, problems));
  return problems.list.length === before ? (prompts as string[]) : undefined;
}

function checkFiles(
  value: unknown,
  field: string,
  problems: Problems,
  turnCount: number | undefined,
): SessionFiles | undefined {
  if (!Array.isArray(value)) {
    problems.add(field, `expected an array of { id, url } objects, got ${describeType(value)}`);
    return undefined;
  }
  const before = problems.list.length;
  const { entries, unknownKeys } = readEntries(value, field, problems);
  const byId = uniqueIds(entries, field, problems);
  const source = byId.get(SOURCE_ID);
  if (!source) problems.add(field, `no entry with id "${SOURCE_ID}"`);
  const sourceUrl = source && checkSourceUrl(source.url, `${field}[${source.index}].url`, problems);
  const turns = turnFiles(byId, turnCount, field, problems);
  const sessionKey = checkTurnUrls(turns, turnCount, field, problems);
  if (sessionKey === undefined && problems.list.length === before) {
    problems.add(field, 'no turn file is named "<session>_turn<k>.png"');
  }
  if (problems.list.length > before || sourceUrl === undefined || sessionKey === undefined) {
    return undefined;
  }
  const images = [...turns.values()].sort((a, b) => a.turn - b.turn).map((t) => t.entry.url);
  const hasUnknown = unknownKeys || byId.size > turns.size + 1;
  return { sourceUrl, sessionKey, images, hasUnknown };
}

/** The entries whose id and url are strings; a problem for every other one. */
function readEntries(items: unknown[], field: string, problems: Problems) {
  const entries: FileEntry[] = [];
  let unknownKeys = false;
  items.forEach((item, index) => {
    const itemField = `${field}[${index}]`;
    if (!isJsonObject(item)) {
      problems.add(itemField, `expected an object { id, url }, got ${describeType(item)}`);
      return;
    }
    const id = readField(item, 'id', problems, checkString, itemField);
    const url = readField(item, 'url', problems, checkString, itemField);
    unknownKeys ||= Object.keys(item).some((key) => key !== 'id' && key !== 'url');
    if (id !== undefined && url !== undefined) entries.push({ index, id, url });
  });
  return { entries, unknownKeys };
}

function uniqueIds(
  entries: FileEntry[],
  field: string,
  problems: Problems,
): Map<string, FileEntry> {
  const byId = new Map<string, FileEntry>();
  for (const entry of entries) {
    const first = byId.get(entry.id);
    if (first) {
      const where = `${field}[${first.index}]`;
      problems.add(`${field}[${entry.index}].id`, `id ${quote(entry.id)} also appears at ${where}`);
    } else byId.set(entry.id, entry);
  }
  return byId;
}

/** Turn number → its file; reports missing and out-of-range turns when N is known. */
function turnFiles(
  byId: Map<string, FileEntry>,
  turnCount: number | undefined,
  field: string,
  problems: Problems,
): Map<string, { turn: number; entry: FileEntry }> {
  const turns = new Map<string, { turn: number; entry: FileEntry }>();
  for (const [id, entry] of byId) {
    const match = EDIT_TURN_ID.exec(id);
    if (match) turns.set(id, { turn: Number(match[1]), entry });
    if (id === FINAL_ID) turns.set(id, { turn: turnCount ?? Number.NaN, entry });
  }
  if (turnCount === undefined) return turns;
  for (const { turn, entry } of turns.values()) {
    if (entry.id === FINAL_ID || (turn >= 1 && turn < turnCount)) continue;
    const ids = `edit_turn1..edit_turn${turnCount - 1}, then ${FINAL_ID}`;
    const range = `the prompts give ${turnCount} turns: ${ids}`;
    problems.add(`${field}[${entry.index}].id`, `${quote(entry.id)} is out of range (${range})`);
  }
  for (let turn = 1; turn <= turnCount; turn++) {
    const id = turn === turnCount ? FINAL_ID : `edit_turn${turn}`;
    if (!byId.has(id))
      problems.add(field, `no entry with id "${id}" (turn ${turn} of ${turnCount})`);
  }
  return turns;
}

/**
 * Checks each turn's image path and its `_turn<k>.png` suffix, and returns the session key the
 * file names share (`101_attemptB` from `images/multi-turn/101_attemptB_turn1.png`).
 */
function checkTurnUrls(
  turns: Map<string, { turn: number; entry: FileEntry }>,
  turnCount: number | undefined,
  field: string,
  problems: Problems,
): string | undefined {
  let session: { key: string; field: string } | undefined;
  for (const { turn, entry } of turns.values()) {
    const urlField = `${field}[${entry.index}].url`;
    if (checkImagePath(entry.url, urlField, problems) === undefined) continue;
    const suffix = TURN_FILE.exec(entry.url);
    if (!Number.isNaN(turn) && (!suffix || Number(suffix[1]) !== turn)) {
      const which = entry.id === FINAL_ID ? `the last of ${turnCount} turns` : `turn ${turn}`;
      problems.add(urlField, `${quote(entry.url)} should end "_turn${turn}.png" (${which})`);
    }
    const key = sessionKeyOf(entry.url);
    if (key === undefined) continue;
    if (key === '') problems.add(urlField, `${quote(entry.url)} has no session key before "_turn"`);
    else if (!session) session = { key, field: urlField };
    else if (key !== session.key) {
      const first = `${quote(session.key)} (${session.field})`;
      problems.add(urlField, `session key ${quote(key)} differs from ${first}`);
    }
  }
  return session?.key;
}

/** The file name before `_turn<k>.png`, or undefined when the name does not end that way. */
export function sessionKeyOf(url: string): string | undefined {
  const name = url.slice(url.lastIndexOf('/') + 1);
  const suffix = TURN_FILE.exec(name);
  return suffix ? name.slice(0, suffix.index) : undefined;
}
