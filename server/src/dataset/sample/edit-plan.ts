import type { EditTypeLabel } from '@peel/shared';
import type { Rng } from './prng';
import { findFreeX, SKY_KINDS } from './scenes';
import {
  cloneState,
  objectBox,
  objectWidth,
  type ColourName,
  type ImageState,
  type ObjectKind,
  type SceneObject,
} from './scene';

/** One edit of one image: the instructions for it, what a success looks like and what a failure does. */
export interface EditPlan {
  editType: EditTypeLabel;
  /** The long instruction (`text`). */
  text: string;
  /** One sentence, as a multi-turn prompt. */
  prompt: string;
  /** The short instruction (`summarized_text`). */
  summary: string;
  result: ImageState;
  /** A visibly failed attempt at the same instruction (wrong colour, wrong place, ...). */
  failed: ImageState;
}

/** Plans an edit of `state`, or says it does not apply (no sign to rewrite, no person, ...). */
export type EditMaker = (state: ImageState, rng: Rng) => EditPlan | undefined;

export function withEdit(state: ImageState, change: (next: ImageState) => void): ImageState {
  const next = cloneState(state);
  change(next);
  return next;
}

export function objectById(state: ImageState, id: string): SceneObject {
  const found = state.scene.objects.find((o) => o.id === id);
  if (!found) throw new Error(`sample: no object ${id} in ${state.scene.name}`);
  return found;
}

const NOUNS: Record<ObjectKind, string> = {
  house: 'house',
  tree: 'tree',
  car: 'car',
  balloon: 'balloon',
  sign: 'sign',
  person: 'person',
  flag: 'flag',
  bench: 'bench',
  ball: 'beach ball',
  kite: 'kite',
  text: 'lettering',
};

export function noun(kind: ObjectKind): string {
  return NOUNS[kind];
}

export function colourWord(colour: ColourName): string {
  return colour === 'grey' ? 'grey' : colour;
}

/** "red car", "green sign reading OPEN", "person in the blue shirt". */
export function describe(o: SceneObject): string {
  if (o.kind === 'sign') return `${o.colour} sign reading "${o.text}"`;
  if (o.kind === 'person') return `person in the ${o.colour} shirt`;
  if (o.kind === 'text') return `"${o.text}" lettering`;
  if (o.kind === 'tree' && o.colour === 'green') return 'leafy green tree';
  if (o.kind === 'bench' && o.colour === 'brown') return 'wooden bench';
  return `${colourWord(o.colour)} ${noun(o.kind)}`;
}

/** Where the object sits in the current view: "on the left", "in the upper right", "in the centre". */
export function where(state: ImageState, o: SceneObject): string {
  const box = objectBox(o);
  const fx = ((box.x0 + box.x1) / 2 - state.view.x) / state.view.w;
  const fy = ((box.y0 + box.y1) / 2 - state.view.y) / state.view.h;
  const side = fx < 0.36 ? 'left' : fx > 0.64 ? 'right' : 'centre';
  const level = fy < 0.4 ? 'upper' : fy > 0.62 ? 'lower' : '';
  if (!level) return side === 'centre' ? 'in the centre' : `on the ${side} side`;
  return side === 'centre' ? `in the ${level} centre` : `in the ${level} ${side}`;
}

/** Objects whose centre is inside the current view. */
export function visibleObjects(state: ImageState, kinds?: readonly ObjectKind[]): SceneObject[] {
  const { view } = state;
  return state.scene.objects.filter((o) => {
    const box = objectBox(o);
    const cx = (box.x0 + box.x1) / 2;
    const cy = (box.y0 + box.y1) / 2;
    const inside = cx > view.x && cx < view.x + view.w && cy > view.y && cy < view.y + view.h;
    return inside && (!kinds || kinds.includes(o.kind));
  });
}

export function groundObjects(state: ImageState): SceneObject[] {
  return visibleObjects(state).filter((o) => !SKY_KINDS.includes(o.kind) && o.kind !== 'sign');
}

/** The larger of the candidates is the one an instruction would name (never undefined if any). */
export function pickTarget(candidates: SceneObject[], rng: Rng): SceneObject | undefined {
  if (candidates.length === 0) return undefined;
  const sorted = [...candidates].sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
  return rng.pick(sorted.slice(0, 2));
}

export function otherColour(rng: Rng, options: readonly ColourName[], ...not: ColourName[]) {
  const left = options.filter((c) => !not.includes(c));
  return rng.pick(left.length > 0 ? left : options);
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The horizontal span of the view an object of `width` can be placed in. */
export function viewSpan(state: ImageState): { from: number; to: number } {
  const from = Math.max(state.view.x, -state.scene.width);
  return { from, to: Math.min(state.view.x + state.view.w, state.scene.width * 2) };
}

export function article(phrase: string): string {
  return /^[aeiou]/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}

/** The light of the scene in words, for "matching the ... lighting". */
export function lightWord(state: ImageState): string {
  if (state.scene.weather === 'rain') return 'overcast, rainy';
  if (state.scene.lighting === 'golden') return 'warm, low evening';
  return state.scene.season === 'winter' ? 'cold winter' : 'bright daylight';
}

/** Moves an object into the outer 40% of the view on one side, where it overlaps least. */
export function moveToSide(state: ImageState, id: string, toRight: boolean): void {
  const { view } = state;
  const o = objectById(state, id);
  state.scene.objects = state.scene.objects.filter((v) => v.id !== id);
  const w = objectWidth(o);
  const from = view.x + (toRight ? view.w * 0.6 : 0) + w / 2;
  o.x = findFreeX(state.scene, w, SKY_KINDS.includes(o.kind), from, from + view.w * 0.4 - w);
  state.scene.objects.push(o);
}
