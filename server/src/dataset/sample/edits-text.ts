import {
  objectById,
  otherColour,
  pickTarget,
  visibleObjects,
  where,
  withEdit,
  type EditMaker,
} from './edit-plan';
import { measureText } from './pixel-font';
import { TEXT_SCALE, type ColourName, type ImageState, type SceneObject } from './scene';

const NEW_WORDS = ['BAKERY', 'CLOSED', 'TICKETS', 'MUSEUM', 'GARAGE', 'PIZZA', 'FLOWERS', 'BOOKS'];
const SKY_WORDS = ['HELLO', 'SUMMER', 'WELCOME', 'GOOD DAY', 'RELAX', 'HOLIDAY'];

export const TRANSLATIONS: Record<string, readonly [string, string]> = {
  OPEN: ['Spanish', 'ABIERTO'],
  EXIT: ['Spanish', 'SALIDA'],
  PARK: ['French', 'PARC'],
  BEACH: ['Spanish', 'PLAYA'],
  MARKET: ['German', 'MARKT'],
  CAFE: ['Italian', 'CAFFE'],
  SALE: ['Spanish', 'OFERTA'],
  CLOSED: ['German', 'GESCHLOSSEN'],
  FLOWERS: ['French', 'FLEURS'],
  BOOKS: ['German', 'BUCHER'],
};

/** A visibly wrong spelling: two letters swapped and the last one changed. */
export function misspell(word: string): string {
  if (word.length < 3) return `${word}X`;
  const letters = [...word];
  [letters[1], letters[2]] = [letters[2], letters[1]];
  const last = letters.length - 1;
  letters[last] = letters[last] === 'Q' ? 'X' : 'Q';
  return letters.join('');
}

function setSignText(state: ImageState, id: string, text: string): ImageState {
  return withEdit(state, (next) => {
    objectById(next, id).text = text;
  });
}

const signs = (state: ImageState) => visibleObjects(state, ['sign']);
const signName = (o: SceneObject) => `${o.colour} sign`;

export const replaceText: EditMaker = (state, rng) => {
  const sign = pickTarget(signs(state), rng);
  if (!sign?.text) return undefined;
  const word = rng.pick(NEW_WORDS.filter((w) => w !== sign.text));
  return {
    editType: 'Replace text in signs/posters/billboards',
    text: `Replace the text "${sign.text}" on the ${signName(sign)} ${where(state, sign)} with "${word}", using the same bold blocky capital letters, colour and size, centred on the board so it looks printed on it, and widen the board slightly if the new word needs more room.`,
    prompt: `Change the sign's text from "${sign.text}" to "${word}"`,
    summary: `Change the sign text "${sign.text}" to "${word}".`,
    result: setSignText(state, sign.id, word),
    failed: setSignText(state, sign.id, misspell(word)),
  };
};

export const translateText: EditMaker = (state, rng) => {
  const sign = pickTarget(
    signs(state).filter((s) => s.text && TRANSLATIONS[s.text]),
    rng,
  );
  if (!sign?.text) return undefined;
  const [language, word] = TRANSLATIONS[sign.text];
  const garbled = `${word.slice(0, 2)}${sign.text.slice(1)}`;
  return {
    editType: 'Translate written text into other languages',
    text: `Translate the English word "${sign.text}" on the ${signName(sign)} ${where(state, sign)} into ${language}, so that the sign reads "${word}", keeping the same blocky capital letters, colour and centred layout on the board.`,
    prompt: `Translate the sign into ${language} so it reads "${word}"`,
    summary: `Translate the sign to ${language}: "${word}".`,
    result: setSignText(state, sign.id, word),
    failed: setSignText(state, sign.id, garbled),
  };
};

const LETTER_COLOURS: readonly ColourName[] = ['yellow', 'red', 'black', 'white', 'blue', 'orange'];

export const recolourText: EditMaker = (state, rng) => {
  const sign = pickTarget(signs(state), rng);
  if (!sign?.textColour) return undefined;
  const from = sign.textColour;
  const colour = otherColour(rng, LETTER_COLOURS, from, sign.colour);
  const set = (key: 'textColour' | 'colour') =>
    withEdit(state, (next) => {
      objectById(next, sign.id)[key] = colour;
    });
  return {
    editType: 'Change font style or color of visible text if there is text',
    text: `Change the colour of the lettering "${sign.text}" on the ${signName(sign)} ${where(state, sign)} from ${from} to ${colour}, keeping the same font, size and position of the letters and leaving the board itself ${sign.colour}.`,
    prompt: `Make the letters on the sign ${colour}`,
    summary: `Make the "${sign.text}" lettering ${colour}.`,
    result: set('textColour'),
    failed: set('colour'),
  };
};

export const addText: EditMaker = (state, rng) => {
  const { view, scene } = state;
  const word = rng.pick(SKY_WORDS);
  const colour = rng.pick(['white', 'yellow'] as const);
  const size = 7 * TEXT_SCALE;
  const top = view.y + view.h * 0.07;
  const fits = measureText(word, TEXT_SCALE) < view.w * 0.9 && scene.horizon - top > size + 30;
  if (!fits || visibleObjects(state, ['text']).length > 0) return undefined;
  const place = (text: string, y: number) =>
    withEdit(state, (next) => {
      const id = `o${next.scene.nextId}`;
      next.scene.nextId += 1;
      const x = Math.round(view.x + view.w / 2);
      next.scene.objects.push({
        id,
        kind: 'text',
        colour,
        x,
        y: Math.round(y),
        size,
        text,
        textColour: colour,
      });
      next.added.push(id);
    });
  return {
    editType: 'Add new (handwritten/printed/etc) text',
    text: `Add the words "${word}" in large ${colour} printed block capitals across the sky at the top of the image, centred horizontally, with a subtle dark drop shadow so the text stands out clearly against the sky.`,
    prompt: `Write "${word}" in big ${colour} letters across the top of the sky`,
    summary: `Add "${word}" in ${colour} at the top.`,
    result: place(word, top + size),
    failed: place(misspell(word), view.y + view.h * 0.97),
  };
};
