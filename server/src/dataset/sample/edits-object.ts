import {
  article,
  capitalise,
  describe,
  groundObjects,
  lightWord,
  noun,
  objectById,
  otherColour,
  pickTarget,
  viewSpan,
  visibleObjects,
  where,
  moveToSide,
  withEdit,
  type EditMaker,
} from './edit-plan';
import { groundY, kindColours, placeObject, SKY_KINDS, sizeFor } from './scenes';
import type { ColourName, ImageState, ObjectKind } from './scene';

const ADDABLE: readonly ObjectKind[] = ['balloon', 'kite', 'bench', 'ball', 'flag', 'tree', 'car'];

function context(kind: ObjectKind, ground: string): string {
  if (kind === 'balloon') return 'floating in the sky';
  if (kind === 'kite') return 'flying high in the sky';
  if (kind === 'car') return `parked on the ${ground}`;
  if (kind === 'tree') return `growing from the ${ground}`;
  if (kind === 'flag') return `on a tall pole planted in the ${ground}`;
  return `resting on the ${ground}`;
}

/** Puts an object where the instruction did not ask: ground things float, sky things fall. */
function misplace(state: ImageState, id: string): void {
  const o = objectById(state, id);
  const { view, scene } = state;
  o.x = Math.round(view.x + view.w - (o.x - view.x));
  o.y = SKY_KINDS.includes(o.kind) ? groundY(scene, 0.92) : Math.round(scene.horizon * 0.5);
}

export const addObject: EditMaker = (state, rng) => {
  const present = new Set(visibleObjects(state).map((o) => o.kind));
  const kinds = ADDABLE.filter((k) => !present.has(k));
  const kind = rng.pick(kinds.length > 0 ? kinds : ADDABLE);
  const colour = rng.pick(kindColours(kind));
  let id = '';
  const result = withEdit(state, (next) => {
    const added = placeObject(next.scene, kind, colour, rng, viewSpan(next));
    next.scene.objects.push(added);
    next.added.push(added.id);
    id = added.id;
  });
  const o = objectById(result, id);
  const place = where(result, o);
  const desc = describe(o);
  const light = lightWord(state);
  return {
    editType: 'Add a new object to the scene',
    text: `Add ${article(desc)} ${context(kind, state.scene.ground.name)} ${place} of the image, drawn at a size that fits the perspective of the scene, matching the ${light} lighting and colours of the surroundings, with a soft natural shadow so that it looks as if it had always been part of the picture.`,
    prompt: `Add ${article(desc)} ${context(kind, state.scene.ground.name)} ${place}`,
    summary: `Add ${article(desc)} ${place}.`,
    result,
    failed: withEdit(result, (next) => misplace(next, id)),
  };
};

export const removeObject: EditMaker = (state, rng) => {
  const o = pickTarget(
    visibleObjects(state).filter((v) => v.kind !== 'text'),
    rng,
  );
  if (!o) return undefined;
  const place = where(state, o);
  const fill = SKY_KINDS.includes(o.kind) ? 'open sky' : `${state.scene.ground.name} and the sky`;
  return {
    editType: 'Remove an existing object',
    text: `Remove the ${describe(o)} ${place} of the image, seamlessly filling the area it covered with the ${fill} behind it, so that the lighting, colour and texture of the background are continuous and no outline, shadow or trace of the ${noun(o.kind)} remains.`,
    prompt: `Remove the ${describe(o)} ${place}`,
    summary: `${capitalise(noun(o.kind))} removed; fill with ${fill}.`,
    result: withEdit(state, (next) => {
      next.scene.objects = next.scene.objects.filter((v) => v.id !== o.id);
    }),
    failed: withEdit(state, () => undefined),
  };
};

const REPLACEMENTS: Partial<Record<ObjectKind, ObjectKind>> = {
  car: 'bench',
  bench: 'car',
  ball: 'car',
  tree: 'flag',
  flag: 'tree',
  house: 'tree',
  balloon: 'kite',
  kite: 'balloon',
};

function swapKind(
  state: ImageState,
  id: string,
  kind: ObjectKind,
  colour: ColourName,
  size: number,
) {
  return withEdit(state, (next) => {
    const o = objectById(next, id);
    Object.assign(o, { kind, colour, size });
  });
}

export const replaceObject: EditMaker = (state, rng) => {
  const o = pickTarget(
    visibleObjects(state).filter((v) => REPLACEMENTS[v.kind]),
    rng,
  );
  const kind = o && REPLACEMENTS[o.kind];
  if (!o || !kind) return undefined;
  const colour = rng.pick(kindColours(kind));
  const result = swapKind(state, o.id, kind, colour, sizeFor(state.scene, kind, o.y, rng));
  const newDesc = describe(objectById(result, o.id));
  const wrong: ObjectKind = SKY_KINDS.includes(kind) ? 'ball' : kind === 'ball' ? 'flag' : 'ball';
  return {
    editType: 'Replace one object category with another',
    text: `Replace the ${describe(o)} ${where(state, o)} with ${article(newDesc)}, keeping it in the same spot and at a believable scale, and blending it into the scene with matching lighting, shadows and perspective so the swap is not noticeable.`,
    prompt: `Replace the ${describe(o)} with ${article(newDesc)}`,
    summary: `Replace the ${noun(o.kind)} with ${article(newDesc)}.`,
    result,
    failed: swapKind(state, o.id, wrong, 'pink', sizeFor(state.scene, wrong, o.y, rng)),
  };
};

const PAINTS: readonly ColourName[] = ['red', 'blue', 'yellow', 'purple', 'orange', 'teal', 'pink'];
const AUTUMN: readonly ColourName[] = ['orange', 'yellow', 'red'];
const RECOLOURABLE: readonly ObjectKind[] = [
  'car',
  'house',
  'balloon',
  'kite',
  'flag',
  'ball',
  'tree',
];

function recolour(state: ImageState, id: string, colour: ColourName): ImageState {
  return withEdit(state, (next) => {
    objectById(next, id).colour = colour;
  });
}

export const recolourObject: EditMaker = (state, rng) => {
  const o = pickTarget(visibleObjects(state, RECOLOURABLE), rng);
  if (!o) return undefined;
  const palette = o.kind === 'tree' ? AUTUMN : PAINTS;
  const colour = otherColour(rng, palette, o.colour);
  const wrong = otherColour(rng, PAINTS, o.colour, colour);
  const place = where(state, o);
  const text =
    o.kind === 'tree'
      ? `Turn the foliage of the ${describe(o)} ${place} a bright autumn ${colour}, keeping the trunk, the shape of the crown and the rest of the image exactly as they are.`
      : `Change the colour of the ${describe(o)} ${place} to a vivid ${colour}, keeping its shape, shading, highlights and every other part of the image exactly as it is.`;
  return {
    editType: "Change an object's attribute (e.g., color/material)",
    text,
    prompt: `Change the color of the ${describe(o)} to ${colour}`,
    summary: `Make the ${noun(o.kind)} ${colour}.`,
    result: recolour(state, o.id, colour),
    failed: recolour(state, o.id, wrong),
  };
};

export const relocateObject: EditMaker = (state, rng) => {
  const o = pickTarget(groundObjects(state), rng);
  if (!o) return undefined;
  const { view } = state;
  const toRight = o.x < view.x + view.w / 2;
  const side = toRight ? 'right' : 'left';
  const result = withEdit(state, (next) => moveToSide(next, o.id, toRight));
  return {
    editType: 'Relocate an object (change its position/spatial relation)',
    text: `Move the ${describe(o)} currently ${where(state, o)} over to the ${side} side of the image, keeping it on the ${state.scene.ground.name} at the same distance from the viewer, and fill the spot it leaves behind with matching ${state.scene.ground.name} and background.`,
    prompt: `Move the ${describe(o)} to the ${side} side of the image`,
    summary: `Move the ${noun(o.kind)} to the ${side}.`,
    result,
    failed: withEdit(state, (next) => {
      objectById(next, o.id).y = Math.round(next.scene.horizon * 0.5);
    }),
  };
};

function rescale(state: ImageState, id: string, factor: number): ImageState {
  return withEdit(state, (next) => {
    const o = objectById(next, id);
    o.size = Math.round(o.size * factor);
  });
}

export const resizeObject: EditMaker = (state, rng) => {
  const o = pickTarget(
    groundObjects(state).filter((v) => v.kind !== 'house'),
    rng,
  );
  if (!o) return undefined;
  return {
    editType: 'Change the size/shape/orientation of an object',
    text: `Make the ${describe(o)} ${where(state, o)} about 60 percent larger while keeping it standing on the same spot, preserving its proportions, colours and details, and adjusting its shadow to the new size.`,
    prompt: `Make the ${describe(o)} noticeably bigger`,
    summary: `Enlarge the ${noun(o.kind)} by about 60%.`,
    result: rescale(state, o.id, 1.6),
    failed: rescale(state, o.id, 0.55),
  };
};
