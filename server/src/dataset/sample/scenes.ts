import { createRng, type Rng } from './prng';
import {
  objectBox,
  objectWidth,
  type ColourName,
  type ObjectKind,
  type Scene,
  type SceneObject,
} from './scene';

export const SCENE_COUNT = 40;

const SKIES: readonly (readonly [string, string])[] = [
  ['#3d7fd6', '#a9d3f5'],
  ['#2f6db8', '#9cc7ee'],
  ['#4a90d9', '#cfe6f7'],
  ['#5b9bd5', '#e3f0fa'],
  ['#3672c4', '#b8dcf2'],
];

const GROUNDS = [
  { name: 'grass', colour: '#5a9e3a' },
  { name: 'meadow', colour: '#7cb342' },
  { name: 'sand', colour: '#d8bf8a' },
  { name: 'pavement', colour: '#9b9b97' },
  { name: 'dirt path', colour: '#a07850' },
];

export const SIGN_WORDS = ['CAFE', 'OPEN', 'PARK', 'EXIT', 'SALE', 'HOTEL', 'BEACH', 'MARKET'];

const KIND_COLOURS: Record<ObjectKind, readonly ColourName[]> = {
  house: ['white', 'yellow', 'pink', 'blue', 'orange'],
  tree: ['green'],
  car: ['red', 'blue', 'yellow', 'white', 'black', 'orange', 'teal'],
  balloon: ['red', 'yellow', 'pink', 'purple', 'orange'],
  sign: ['green', 'blue', 'white', 'red', 'yellow'],
  person: ['red', 'blue', 'green', 'yellow', 'purple'],
  flag: ['red', 'blue', 'yellow', 'purple'],
  bench: ['brown'],
  ball: ['red', 'blue', 'yellow', 'pink'],
  kite: ['red', 'purple', 'orange', 'teal'],
  text: ['white'],
};

const BASE_SIZE: Record<ObjectKind, readonly [number, number]> = {
  house: [85, 105],
  tree: [90, 125],
  car: [38, 46],
  balloon: [55, 65],
  sign: [72, 78],
  person: [62, 74],
  flag: [100, 115],
  bench: [26, 30],
  ball: [26, 32],
  kite: [44, 52],
  text: [28, 28],
};

export const SKY_KINDS: readonly ObjectKind[] = ['balloon', 'kite', 'text'];

export function kindColours(kind: ObjectKind): readonly ColourName[] {
  return KIND_COLOURS[kind];
}

export function textColourFor(board: ColourName): ColourName {
  return board === 'white' || board === 'yellow' ? 'black' : 'white';
}

/** Size of a new object of `kind` standing at `y`: things further away (nearer the horizon) are smaller. */
export function sizeFor(scene: Scene, kind: ObjectKind, y: number, rng: Rng): number {
  const [min, max] = BASE_SIZE[kind];
  if (SKY_KINDS.includes(kind) || kind === 'sign') return Math.round(rng.range(min, max));
  const depth = (y - scene.horizon) / (scene.height - scene.horizon);
  return Math.round(rng.range(min, max) * (0.8 + 0.45 * depth));
}

/** The x (centre) in [from, to] whose span overlaps the objects of the same layer least. */
export function findFreeX(scene: Scene, width: number, sky: boolean, from?: number, to?: number) {
  const others = scene.objects.filter((o) => SKY_KINDS.includes(o.kind) === sky).map(objectBox);
  const lo = from ?? width / 2 + 6;
  const hi = to ?? scene.width - width / 2 - 6;
  let best = lo;
  let bestScore = -Infinity;
  for (let x = lo; x <= hi; x += 4) {
    const gaps = others.map((b) => Math.max(b.x0 - (x + width / 2), x - width / 2 - b.x1));
    const score = Math.min(80, ...gaps) - Math.abs(x - (lo + hi) / 2) * 0.01;
    if (score > bestScore) [best, bestScore] = [x, score];
  }
  return Math.round(best);
}

export function groundY(scene: Scene, depth: number): number {
  return Math.round(scene.horizon + (scene.height - scene.horizon) * depth);
}

/** A new object of `kind` placed where it overlaps the rest least. */
export function placeObject(
  scene: Scene,
  kind: ObjectKind,
  colour: ColourName,
  rng: Rng,
  within?: { from: number; to: number },
) {
  const sky = SKY_KINDS.includes(kind);
  const depth = kind === 'house' ? rng.range(0.1, 0.3) : rng.range(0.4, 0.85);
  const y = sky ? Math.round(scene.horizon * rng.range(0.45, 0.7)) : groundY(scene, depth);
  const object: SceneObject = { id: `o${scene.nextId}`, kind, colour, x: 0, y, size: 0 };
  object.size = sizeFor(scene, kind, y, rng);
  if (kind === 'sign') {
    object.text = rng.pick(SIGN_WORDS);
    object.textColour = textColourFor(colour);
  }
  const width = objectWidth(object);
  const range = within && { from: within.from + width / 2 + 6, to: within.to - width / 2 - 6 };
  object.x = findFreeX(scene, width, sky, range?.from, range?.to);
  scene.nextId += 1;
  return object;
}

function sceneKinds(index: number, rng: Rng): ObjectKind[] {
  const kinds: ObjectKind[] = [];
  if (index % 5 === 0 || index % 5 === 2) kinds.push('sign');
  if (index % 3 === 1) kinds.push('person');
  if (index % 4 !== 3) kinds.push('car');
  if (index % 2 === 0) kinds.push('house');
  kinds.push('tree');
  if (kinds.length < 4) kinds.push(rng.pick(['flag', 'bench', 'ball'] as const));
  const ground = kinds.slice(0, 4);
  return index % 3 === 0 ? [...ground, rng.pick(['balloon', 'kite'] as const)] : ground;
}

function baseScene(index: number, rng: Rng): Scene {
  const [width, height] = index % 8 === 3 ? [320, 320] : index % 8 === 6 ? [384, 256] : [384, 288];
  const horizon = Math.round(height * rng.range(0.5, 0.62));
  const clouds = Array.from({ length: rng.int(0, 3) }, () => ({
    x: Math.round(rng.range(0, width)),
    y: Math.round(rng.range(0.15, 0.5) * horizon),
    s: Math.round(rng.range(14, 24)),
  }));
  const sun = rng.chance(0.6)
    ? { x: Math.round(rng.range(0.1, 0.9) * width), y: Math.round(horizon * 0.25), r: 18 }
    : null;
  return {
    index,
    name: `scene-${String(index + 1).padStart(2, '0')}`,
    width,
    height,
    horizon,
    sky: rng.pick(SKIES),
    ground: rng.pick(GROUNDS),
    background: rng.chance(0.4) ? 'hills' : 'none',
    sun,
    clouds,
    objects: [],
    season: 'summer',
    weather: 'clear',
    lighting: 'day',
    style: 'photo',
    nextId: 1,
  };
}

/** Scene `index` (0-based), the same on every call. */
export function buildScene(index: number): Scene {
  const rng = createRng(`scene:${index}`);
  const scene = baseScene(index, rng);
  for (const kind of sceneKinds(index, rng)) {
    scene.objects.push(placeObject(scene, kind, rng.pick(KIND_COLOURS[kind]), rng));
  }
  return scene;
}
