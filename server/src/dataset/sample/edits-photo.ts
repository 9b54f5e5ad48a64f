import { withEdit, type EditMaker, type EditPlan } from './edit-plan';
import type { Filter, ImageState } from './scene';

function filtered(state: ImageState, ...filters: Filter[]): ImageState {
  return withEdit(state, (next) => {
    next.filters.push(...filters);
  });
}

/** A seed unique to this image and this point in its edit history. */
export function filterSeed(state: ImageState, key: string): string {
  return `${state.scene.name}:${key}:${state.filters.length}:${state.scene.objects.length}`;
}

/** The same image with heavy failure artefacts over it (a rejected attempt). */
export function withArtefacts(state: ImageState): ImageState {
  return filtered(state, { kind: 'artefacts', seed: filterSeed(state, 'artefacts') });
}

const hasFilter = (state: ImageState, kind: Filter['kind']) =>
  state.filters.some((f) => f.kind === kind);

function toneEdit(warm: boolean): EditMaker {
  return (state) => {
    const warmth = warm ? 0.8 : -0.8;
    const plan: EditPlan = {
      editType: 'Change overall color tone (warm ↔ cool)',
      text: warm
        ? "Shift the entire image's colour tone to a much warmer, golden hue, pushing the highlights towards amber and the shadows towards a soft orange-brown, while keeping every object, edge and detail of the scene unchanged."
        : 'Give the whole image a cool, bluish colour tone like an early winter morning, pulling the reds and yellows towards teal and blue, while keeping the exposure, the composition and every object exactly as they are.',
      prompt: warm
        ? "Shift the entire image's color tone to a much warmer, golden hue"
        : "Make the whole picture's color tone noticeably cooler and bluer",
      summary: warm ? 'Warm up the overall colour tone.' : 'Shift the colours to a cool blue tone.',
      result: filtered(state, { kind: 'tone', warmth }),
      failed: filtered(state, { kind: 'tone', warmth: -warmth }),
    };
    return plan;
  };
}

export const toneWarm = toneEdit(true);
export const toneCool = toneEdit(false);

export const filmGrain: EditMaker = (state) => {
  if (hasFilter(state, 'grain')) return undefined;
  const result = filtered(state, { kind: 'grain', amount: 22, seed: filterSeed(state, 'grain') });
  return {
    editType: 'Add film grain or vintage filter',
    text: 'Apply a clearly visible analog film grain across the entire image, like a photograph shot on high-speed 35mm film, keeping the colours, the exposure and the composition of the scene unchanged.',
    prompt: 'Add a strong analog film grain to the whole photo',
    summary: 'Add analog film grain.',
    result,
    failed: filtered(state, { kind: 'grain', amount: 90, seed: filterSeed(state, 'grain-fail') }),
  };
};

export const vintage: EditMaker = (state) => {
  if (hasFilter(state, 'vintage')) return undefined;
  return {
    editType: 'Add film grain or vintage filter',
    text: 'Apply a vintage film look to the whole photo: slightly desaturate the colours, add a warm sepia tint to the highlights, lift the blacks for a faded look, and add fine grain and a soft dark vignette around the edges.',
    prompt: 'Give the photo a faded vintage film look with grain and a vignette',
    summary: 'Vintage filter: faded sepia, grain and vignette.',
    result: filtered(state, { kind: 'vintage', seed: filterSeed(state, 'vintage') }),
    failed: filtered(state, { kind: 'tone', warmth: -1 }, { kind: 'posterize', levels: 4 }),
  };
};

export const cartoon: EditMaker = (state) => {
  if (state.scene.style === 'cartoon') return undefined;
  return {
    editType: 'Photo to cartoon/sketch/comic',
    text: 'Transform the entire scene into a bold comic book illustration: flatten the colours into a few solid tones and outline every object with thick black ink lines, keeping the composition and every object recognisable.',
    prompt: 'Transform the entire scene into a detailed comic book art style',
    summary: 'Comic book style with flat colours and black outlines.',
    result: withEdit(state, (next) => {
      next.scene.style = 'cartoon';
      next.filters.push({ kind: 'posterize', levels: 5 });
    }),
    failed: filtered(state, { kind: 'posterize', levels: 2 }),
  };
};

export const historical: EditMaker = (state) => {
  if (hasFilter(state, 'historical')) return undefined;
  return {
    editType: 'Modern ↔ historical style/look',
    text: 'Make this scene look like an old photograph from the 1920s: convert it to a brown sepia monochrome, lower the contrast, and add fine film scratches, grain and a heavy dark vignette, as if printed on aged paper.',
    prompt: 'Make it look like a sepia photograph from the 1920s',
    summary: 'Make it look like a 1920s sepia photo.',
    result: filtered(state, { kind: 'historical', seed: filterSeed(state, 'historical') }),
    failed: filtered(state, { kind: 'tint', rgb: [255, 255, 255], amount: 0.5 }),
  };
};
