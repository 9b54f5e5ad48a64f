import {
  article,
  describe,
  noun,
  objectById,
  otherColour,
  pickTarget,
  visibleObjects,
  where,
  moveToSide,
  withEdit,
  type EditMaker,
} from './edit-plan';
import type { ColourName, ImageState } from './scene';

const HATS: readonly ColourName[] = ['black', 'red', 'blue', 'brown', 'yellow'];
const SHIRTS: readonly ColourName[] = [
  'red',
  'blue',
  'green',
  'yellow',
  'purple',
  'orange',
  'pink',
];

export const addHat: EditMaker = (state, rng) => {
  const person = pickTarget(
    visibleObjects(state, ['person']).filter((p) => !p.hat),
    rng,
  );
  if (!person) return undefined;
  const hat = rng.pick(HATS);
  return {
    editType: 'Add/Remove/Replace Accessories (glasses, hats, jewelry, masks)',
    text: `Put a ${hat} top hat on the head of the ${describe(person)} ${where(state, person)}, sized to sit naturally on the head with matching light and a slight shadow on the brow, without changing the person's pose, face or clothing.`,
    prompt: `Give the ${describe(person)} a ${hat} top hat`,
    summary: `Add a ${hat} top hat to the person.`,
    result: withEdit(state, (next) => {
      objectById(next, person.id).hat = hat;
    }),
    failed: withEdit(state, (next) => {
      objectById(next, person.id).colour = otherColour(rng, SHIRTS, person.colour);
    }),
  };
};

function setColour(state: ImageState, id: string, colour: ColourName): ImageState {
  return withEdit(state, (next) => {
    objectById(next, id).colour = colour;
  });
}

export const changeShirt: EditMaker = (state, rng) => {
  const person = pickTarget(visibleObjects(state, ['person']), rng);
  if (!person) return undefined;
  const colour = otherColour(rng, SHIRTS, person.colour);
  const wrong = otherColour(rng, SHIRTS, person.colour, colour);
  return {
    editType: 'Clothing edit (change color/outfit)',
    text: `Change the shirt of the ${describe(person)} ${where(state, person)} to ${article(colour)} one, keeping the fit, folds and shading of the fabric and leaving the person's face, trousers and pose untouched.`,
    prompt: `Change the person's shirt to ${colour}`,
    summary: `Change the shirt to ${colour}.`,
    result: setColour(state, person.id, colour),
    failed: setColour(state, person.id, wrong),
  };
};

function lastAdded(state: ImageState) {
  const id = state.added[state.added.length - 1];
  return visibleObjects(state).find((o) => o.id === id);
}

/** Multi-turn only: "change the color of it", about the object the previous turn added. */
export const recolourLastAdded: EditMaker = (state, rng) => {
  const o = lastAdded(state);
  if (!o || o.kind === 'tree') return undefined;
  const colour = otherColour(rng, SHIRTS, o.colour);
  return {
    editType: "Change an object's attribute (e.g., color/material)",
    text: `Change the colour of the ${noun(o.kind)} that was just added to ${colour}, keeping everything else as it is.`,
    prompt: `Now change the color of it to ${colour}`,
    summary: `Make it ${colour}.`,
    result: setColour(state, o.id, colour),
    failed: setColour(state, o.id, otherColour(rng, SHIRTS, o.colour, colour)),
  };
};

/** Multi-turn only: "move it to the other side". */
export const relocateLastAdded: EditMaker = (state) => {
  const o = lastAdded(state);
  if (!o) return undefined;
  const { view } = state;
  const toRight = o.x < view.x + view.w / 2;
  const moved = withEdit(state, (next) => moveToSide(next, o.id, toRight));
  return {
    editType: 'Relocate an object (change its position/spatial relation)',
    text: `Move the ${noun(o.kind)} to the ${toRight ? 'right' : 'left'} side of the picture.`,
    prompt: `Move it over to the ${toRight ? 'right' : 'left'} side of the picture`,
    summary: `Move it ${toRight ? 'right' : 'left'}.`,
    result: moved,
    failed: state,
  };
};
