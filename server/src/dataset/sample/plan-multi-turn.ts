import { MAKERS, type MakerName } from './edits';
import { createRng } from './prng';
import { sourceUrl, type ImageJob, type MultiTurnLine, type SampleNote } from './records';
import { cloneState, initialState, type ImageState, type Scene } from './scene';
import { buildScene, SCENE_COUNT } from './scenes';

/** A turn that does what its prompt says and also silently breaks an earlier turn. */
type Break = 'undo-colour' | 'drop-added';

interface SessionSpec {
  turns: MakerName[];
  breakAt?: { turn: number; kind: Break; detail: string };
}

const SESSIONS: readonly SessionSpec[] = [
  { turns: ['tone-warm', 'zoom-in', 'outpaint', 'cartoon', 'replace-object'] },
  { turns: ['add-object', 'recolour-last-added', 'relocate-last-added'] },
  {
    turns: ['recolour-object', 'add-object', 'rain'],
    breakAt: { turn: 3, kind: 'undo-colour', detail: "turn 3 undoes turn 1's colour change" },
  },
  {
    turns: ['add-object', 'golden-hour', 'film-grain', 'add-text'],
    breakAt: {
      turn: 3,
      kind: 'drop-added',
      detail: 'the object added in turn 1 disappears in turn 3',
    },
  },
  { turns: ['replace-text', 'recolour-text'] },
  { turns: ['winter', 'add-object', 'zoom-in'] },
  {
    turns: ['tone-cool', 'remove-object', 'add-background'],
    breakAt: { turn: 3, kind: 'undo-colour', detail: "turn 3 drops turn 1's cool tone" },
  },
  { turns: ['add-hat', 'change-shirt'] },
  {
    turns: ['add-object', 'recolour-last-added', 'snowfall', 'historical', 'zoom-in'],
    breakAt: {
      turn: 4,
      kind: 'drop-added',
      detail: 'the object added in turn 1 disappears in turn 4',
    },
  },
  { turns: ['relocate-object', 'resize-object', 'outpaint'] },
];

function applyBreak(state: ImageState, original: Scene, kind: Break, before: string[]) {
  const next = cloneState(state);
  if (kind === 'drop-added') {
    next.scene.objects = next.scene.objects.filter((o) => !before.includes(o.id));
    return next;
  }
  for (const o of next.scene.objects) {
    const first = original.objects.find((v) => v.id === o.id);
    if (first) Object.assign(o, { colour: first.colour, textColour: first.textColour });
  }
  next.filters = next.filters.filter((f) => f.kind !== 'tone');
  return next;
}

/** The states and prompts of one session on one scene, or undefined if a turn does not apply. */
function runSession(spec: SessionSpec, session: number, sceneIndex: number) {
  const scene = buildScene(sceneIndex);
  let state = initialState(scene);
  const states: ImageState[] = [];
  const prompts: string[] = [];
  for (const [t, maker] of spec.turns.entries()) {
    const plan = MAKERS[maker](state, createRng(`mt:${session}:${sceneIndex}:${t}`));
    if (!plan) return undefined;
    const turnBreak = spec.breakAt?.turn === t + 1 ? spec.breakAt : undefined;
    state = turnBreak ? applyBreak(plan.result, scene, turnBreak.kind, state.added) : plan.result;
    states.push(state);
    prompts.push(plan.prompt);
  }
  return { states, prompts };
}

function files(key: string, source: string, turns: number, order: number): MultiTurnLine['files'] {
  const url = (turn: number) => `images/multi-turn/${key}_turn${turn}.png`;
  const edits = Array.from({ length: turns - 1 }, (_, i) => ({
    id: `edit_turn${i + 1}`,
    url: url(i + 1),
  }));
  const final = { id: 'final_image', url: url(turns) };
  const original = { id: 'original_input_image', url: source };
  if (order === 0) return [...edits, final, original];
  if (order === 1) return [original, ...edits, final];
  return [final, original, ...edits];
}

export interface MultiTurnPlan {
  lines: MultiTurnLine[];
  jobs: ImageJob[];
  notes: SampleNote[];
}

export function planMultiTurn(): MultiTurnPlan {
  const plan: MultiTurnPlan = { lines: [], jobs: [], notes: [] };
  SESSIONS.forEach((spec, s) => {
    const key = `${101 + s * 4}_attempt${'ABC'[s % 3]}`;
    for (let step = 0; step < SCENE_COUNT; step += 1) {
      const sceneIndex = (s * 9 + 5 + step) % SCENE_COUNT;
      const run = runSession(spec, s, sceneIndex);
      if (!run) continue;
      const { states, prompts } = run;
      const line = {
        files: files(key, sourceUrl(sceneIndex), states.length, s % 3),
        metadata_edit_turn_prompts: prompts,
      };
      plan.lines.push(line);
      states.forEach((state, t) =>
        plan.jobs.push({ path: `images/multi-turn/${key}_turn${t + 1}.png`, state, format: 'png' }),
      );
      if (spec.breakAt)
        plan.notes.push({
          file: 'multi-turn',
          key,
          issue: 'inconsistent-turn',
          detail: spec.breakAt.detail,
        });
      return;
    }
    throw new Error(`sample: no scene can take session ${key}`);
  });
  return plan;
}
