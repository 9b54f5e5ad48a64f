import type { EditMaker } from './edit-plan';
import {
  addObject,
  recolourObject,
  relocateObject,
  removeObject,
  replaceObject,
  resizeObject,
} from './edits-object';
import { addHat, changeShirt, recolourLastAdded, relocateLastAdded } from './edits-people';
import { cartoon, filmGrain, historical, toneCool, toneWarm, vintage } from './edits-photo';
import { addBackground, goldenHour, rain, snowfall, winter } from './edits-scene';
import { addText, recolourText, replaceText, translateText } from './edits-text';
import { outpaint, zoomIn } from './edits-view';

/** Every edit the sample can make, by a stable name the plans refer to. */
export const MAKERS = {
  'tone-warm': toneWarm,
  'tone-cool': toneCool,
  'film-grain': filmGrain,
  vintage,
  'add-object': addObject,
  'remove-object': removeObject,
  'replace-object': replaceObject,
  'recolour-object': recolourObject,
  'relocate-object': relocateObject,
  'resize-object': resizeObject,
  'add-background': addBackground,
  winter,
  rain,
  snowfall,
  'golden-hour': goldenHour,
  cartoon,
  historical,
  'replace-text': replaceText,
  'add-text': addText,
  'recolour-text': recolourText,
  'translate-text': translateText,
  'zoom-in': zoomIn,
  outpaint,
  'add-hat': addHat,
  'change-shirt': changeShirt,
  'recolour-last-added': recolourLastAdded,
  'relocate-last-added': relocateLastAdded,
} satisfies Record<string, EditMaker>;

export type MakerName = keyof typeof MAKERS;

/** The single-turn edits, in the order the SFT plan cycles through them. */
export const SINGLE_TURN_MAKERS: readonly MakerName[] = [
  'tone-warm',
  'remove-object',
  'replace-text',
  'zoom-in',
  'add-object',
  'winter',
  'recolour-object',
  'film-grain',
  'outpaint',
  'relocate-object',
  'rain',
  'add-text',
  'golden-hour',
  'replace-object',
  'cartoon',
  'change-shirt',
  'tone-cool',
  'translate-text',
  'resize-object',
  'add-background',
  'vintage',
  'add-hat',
  'snowfall',
  'recolour-text',
  'historical',
];
