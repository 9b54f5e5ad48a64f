import { type TaskType } from '@peel/shared';

/**
 * The one keymap of the labeling screen. Every shortcut is declared here once; `useKeymap`
 * dispatches from it and the `?` help is rendered from it, so the two cannot drift apart.
 */
export type KeyAction =
  // the task
  | 'submit'
  | 'undo'
  | 'skip'
  | 'help'
  | 'cancel'
  | 'reason'
  | 'longInstruction'
  // the images
  | 'zoomIn'
  | 'zoomOut'
  | 'zoomFit'
  | 'zoomActual'
  | 'panLeft'
  | 'panRight'
  | 'panUp'
  | 'panDown'
  | 'flicker'
  | 'cycleView'
  | 'sliderLeft'
  | 'sliderRight'
  | 'diff'
  // answers
  | 'choose'
  | 'rowUp'
  | 'rowDown'
  | 'copyOverall'
  | 'grade'
  | 'turnPrev'
  | 'turnNext'
  | 'editType'
  | 'breakHere'
  | 'noBreak'
  | 'confirm'
  | 'search'
  | 'ambiguous'
  | 'garbled';

export type KeyGroup = 'Answer' | 'Move' | 'Images' | 'Task';

export type KeyBinding = {
  action: KeyAction;
  /** `KeyboardEvent.key` values (letters lower case); non-printable keys may carry `Shift+`. */
  keys: readonly string[];
  /** Passed to the handler, e.g. the choice `A` or the grade `3`. */
  value?: string;
  label: string;
  group: KeyGroup;
  /** The views the binding applies to; `all` for every one. */
  views: 'all' | readonly TaskType[];
  /** Held keys call the handler on press and again with `released` on release. */
  hold?: boolean;
  /** Auto-repeat (key held down) fires again; off for everything that commits an answer. */
  repeat?: boolean;
};

export type KeyHandler = (value: string | undefined, released: boolean) => void;
export type KeyHandlers = Partial<Record<KeyAction, KeyHandler>>;

const PAIRWISE: readonly TaskType[] = ['pairwise'];
const MULTI_TURN: readonly TaskType[] = ['multi_turn'];
const TAXONOMY: readonly TaskType[] = ['taxonomy'];

type Extra = Pick<KeyBinding, 'value' | 'hold' | 'repeat'>;
/** One binding per row: the action, its keys (space separated), what it does, options. */
type Row = [action: KeyAction, keys: string, label: string, extra?: Extra];

function section(group: KeyGroup, views: KeyBinding['views'], rows: Row[]): KeyBinding[] {
  return rows.map(([action, keys, label, extra]) => ({
    action,
    keys: keys.split(' '),
    label,
    group,
    views,
    ...extra,
  }));
}

const REPEAT = { repeat: true };

export const KEYMAP: readonly KeyBinding[] = [
  ...section('Answer', PAIRWISE, [
    ['choose', '1 a', 'A (the left edit) for the active row', { value: 'A' }],
    ['choose', '2 b', 'B (the right edit) for the active row', { value: 'B' }],
    ['choose', '3 t', 'Tie for the active row', { value: 'tie' }],
    ['choose', '4 x', 'Both bad (overall row only)', { value: 'both_bad' }],
    ['copyOverall', 'c', 'Give every unanswered criterion the overall answer'],
  ]),
  ...section('Move', PAIRWISE, [
    ['rowUp', 'ArrowUp k', 'Previous row (overall, then the four criteria)', REPEAT],
    ['rowDown', 'ArrowDown j', 'Next row', REPEAT],
  ]),
  ...section(
    'Answer',
    MULTI_TURN,
    ['1', '2', '3', '4', '5'].map((grade): Row => [
      'grade',
      grade,
      `${grade} on the active row (first break: turn ${grade})`,
      { value: grade },
    ]),
  ),
  ...section('Answer', MULTI_TURN, [
    ['editType', 'e', 'Choose this turn’s edit type (type to search, Enter picks)'],
    ['breakHere', 'b', 'The session first breaks at this turn'],
    ['noBreak', 'n', 'The session never breaks'],
  ]),
  ...section('Move', MULTI_TURN, [
    ['turnPrev', 'ArrowLeft h', 'Previous turn', REPEAT],
    ['turnNext', 'ArrowRight l', 'Next turn', REPEAT],
    ['rowUp', 'ArrowUp k', 'Previous row (grades, edit type, first break, overall)', REPEAT],
    ['rowDown', 'ArrowDown j', 'Next row', REPEAT],
  ]),
  ...section('Answer', TAXONOMY, [
    ['confirm', 'c', 'Confirm the current label'],
    ['search', '/', 'Change the label: search the 35 types by category'],
    ['ambiguous', 'm', 'The edit type is ambiguous'],
    ['garbled', 'g', 'Flag or unflag: the short instruction is garbled'],
  ]),
  ...section('Task', 'all', [
    ['submit', 'Enter', 'Submit the answer (or save the revision)'],
    ['undo', 'u', 'Undo: reopen your last judgment to revise it'],
    ['skip', 's', 'Skip this task, with a reason'],
    ['reason', 'r', 'Write a reason (Esc leaves the text box)'],
    ['help', '?', 'Show or hide this help'],
    ['cancel', 'Escape', 'Stop revising, back to the current task'],
  ]),
  ...section(
    'Task',
    ['pairwise', 'taxonomy'],
    [['longInstruction', 'i', 'Show or hide the full instruction']],
  ),
  ...section('Images', 'all', [
    ['zoomIn', '+ =', 'Zoom in (every pane together)', REPEAT],
    ['zoomOut', '- _', 'Zoom out', REPEAT],
    ['zoomFit', '0', 'Fit the images'],
    ['zoomActual', 'p', '1:1: one image pixel per screen pixel'],
    ['panLeft', 'Shift+ArrowLeft', 'Pan left (or drag with the mouse)', REPEAT],
    ['panRight', 'Shift+ArrowRight', 'Pan right', REPEAT],
    ['panUp', 'Shift+ArrowUp', 'Pan up', REPEAT],
    ['panDown', 'Shift+ArrowDown', 'Pan down', REPEAT],
    ['flicker', 'f', 'Hold: swap the two compared images in place', { hold: true }],
    ['cycleView', 'v', 'Next view: side by side, then the before/after sliders'],
    ['sliderLeft', '[', 'Move the slider divider left', REPEAT],
    ['sliderRight', ']', 'Move the slider divider right', REPEAT],
    ['diff', 'd', 'Difference overlay: heat map of the pixels each edit changed'],
  ]),
];

/** What the help says about a view beyond its bindings. */
export const VIEW_NOTES: Record<TaskType, string> = {
  pairwise:
    'Answering a row moves to the next unanswered one: e.g. 1, then c, then Enter. A is the left edit, B the right one.',
  multi_turn:
    'Each turn: grade how well it followed its instruction, then how well it kept what earlier turns established, then pick its edit type (e). Then the first break and the overall grade.',
  taxonomy:
    'Enter with no decision yet confirms the current label and submits. / opens the search; Enter picks the highlighted type.',
};

export const GROUP_ORDER: readonly KeyGroup[] = ['Answer', 'Move', 'Task', 'Images'];

export function bindingsFor(view: TaskType): KeyBinding[] {
  return KEYMAP.filter((binding) => binding.views === 'all' || binding.views.includes(view));
}

/** The key name a binding lists for this event, or null (modifier chords are the browser's). */
export function keyOf(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
): string | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.key.length === 1) return event.key.toLowerCase();
  return event.shiftKey ? `Shift+${event.key}` : event.key;
}

export function findBinding(view: TaskType, key: string): KeyBinding | undefined {
  return KEYMAP.find(
    (binding) =>
      (binding.views === 'all' || binding.views.includes(view)) && binding.keys.includes(key),
  );
}

/** Text entry of any kind: no shortcut fires while the rater types. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('textarea, select, [contenteditable]:not([contenteditable="false"])')) {
    return true;
  }
  const input = target.closest('input');
  return input !== null && !NON_TEXT_INPUTS.has(input.type);
}

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** Enter and Space on a focused button or link belong to that control (native activation). */
export function isActivationKey(target: EventTarget | null, key: string): boolean {
  if (key !== 'Enter' && key !== ' ') return false;
  return (
    target instanceof Element &&
    target.closest('button, a[href], summary, [role="button"]') !== null
  );
}

const KEY_NAMES: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  ' ': 'Space',
};

/** How a key is written in the help: `A`, `?`, `Shift+←`, `Enter`. */
export function keyLabel(key: string): string {
  if (key.length === 1) return KEY_NAMES[key] ?? key.toUpperCase();
  const shifted = key.startsWith('Shift+');
  const base = shifted ? key.slice('Shift+'.length) : key;
  return (shifted ? 'Shift+' : '') + (KEY_NAMES[base] ?? base);
}

/** The keys of an action (and value) in a view, for the hints shown beside the controls. */
export function keysFor(view: TaskType, action: KeyAction, value?: string): readonly string[] {
  return (
    bindingsFor(view).find((binding) => binding.action === action && binding.value === value)
      ?.keys ?? []
  );
}
