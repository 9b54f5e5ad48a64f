/**
 * The scene model behind every sample image. An image is a scene (what is in it), a view (which part
 * of the scene, at what size) and a list of pixel filters. Edits change one of the three and the
 * image is rendered again, so a multi-turn session is rendered cumulatively from its source.
 */
export const COLOURS = {
  red: '#d62828',
  orange: '#f77f00',
  yellow: '#f6c324',
  green: '#2a9d3f',
  blue: '#1f6fd1',
  purple: '#7b2cbf',
  pink: '#ff6fb5',
  white: '#f2f2f2',
  black: '#222222',
  brown: '#8b5a2b',
  teal: '#1f9e8f',
  grey: '#8d99ae',
} as const;
export type ColourName = keyof typeof COLOURS;

export type ObjectKind =
  | 'house'
  | 'tree'
  | 'car'
  | 'balloon'
  | 'sign'
  | 'person'
  | 'flag'
  | 'bench'
  | 'ball'
  | 'kite'
  | 'text';

export interface SceneObject {
  id: string;
  kind: ObjectKind;
  colour: ColourName;
  /** Horizontal centre and the y the object stands on (its bottom). */
  x: number;
  y: number;
  /** Height in scene pixels. */
  size: number;
  /** Signs and painted text: the words and their colour. */
  text?: string;
  textColour?: ColourName;
  /** People: an accessory. */
  hat?: ColourName;
}

export type Background = 'none' | 'hills' | 'mountains' | 'city';
export type Season = 'summer' | 'winter';
export type Weather = 'clear' | 'rain' | 'snowfall';
export type Lighting = 'day' | 'golden';
export type Style = 'photo' | 'cartoon';

export interface Scene {
  index: number;
  name: string;
  width: number;
  height: number;
  horizon: number;
  sky: readonly [string, string];
  ground: { name: string; colour: string };
  background: Background;
  sun: { x: number; y: number; r: number } | null;
  clouds: { x: number; y: number; s: number }[];
  objects: SceneObject[];
  season: Season;
  weather: Weather;
  lighting: Lighting;
  style: Style;
  /** Next id for an object an edit adds. */
  nextId: number;
}

export type Filter =
  | { kind: 'tone'; warmth: number }
  | { kind: 'grain'; amount: number; seed: string }
  | { kind: 'vintage'; seed: string }
  | { kind: 'tint'; rgb: readonly [number, number, number]; amount: number }
  | { kind: 'historical'; seed: string }
  | { kind: 'posterize'; levels: number }
  | { kind: 'artefacts'; seed: string };

export interface View {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ImageState {
  scene: Scene;
  view: View;
  outW: number;
  outH: number;
  filters: Filter[];
  /** Ids of objects added by edits, newest last (for "make it blue" in the next turn). */
  added: string[];
}

export function initialState(scene: Scene): ImageState {
  return {
    scene,
    view: { x: 0, y: 0, w: scene.width, h: scene.height },
    outW: scene.width,
    outH: scene.height,
    filters: [],
    added: [],
  };
}

export function cloneState(state: ImageState): ImageState {
  return structuredClone(state);
}

/** Bounding box of an object in scene pixels. */
export function objectBox(o: SceneObject): { x0: number; y0: number; x1: number; y1: number } {
  const width = objectWidth(o);
  return { x0: o.x - width / 2, y0: o.y - o.size, x1: o.x + width / 2, y1: o.y };
}

const WIDTH_RATIO: Record<Exclude<ObjectKind, 'sign' | 'text'>, number> = {
  house: 1.15,
  tree: 0.65,
  car: 2.2,
  balloon: 0.6,
  person: 0.45,
  flag: 0.55,
  bench: 2.2,
  ball: 1,
  kite: 0.8,
};

export const SIGN_SCALE = 3;
export const TEXT_SCALE = 4;

export function objectWidth(o: SceneObject): number {
  if (o.kind === 'sign') return ((o.text ?? '').length * 6 - 1) * SIGN_SCALE + 20;
  if (o.kind === 'text') return ((o.text ?? '').length * 6 - 1) * TEXT_SCALE;
  return o.size * WIDTH_RATIO[o.kind];
}
