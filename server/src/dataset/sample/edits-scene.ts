import { withEdit, type EditMaker } from './edit-plan';
import { filterSeed, withArtefacts } from './edits-photo';
import type { ImageState } from './scene';

const horizonVisible = (state: ImageState) =>
  state.scene.horizon > state.view.y + 30 && state.scene.horizon < state.view.y + state.view.h;

export const addBackground: EditMaker = (state) => {
  if (!horizonVisible(state) || state.scene.weather !== 'clear') return undefined;
  const mountains = state.scene.background !== 'mountains';
  const ground = state.scene.ground.name;
  const setBackground = (next: ImageState, useMountains: boolean) => {
    next.scene.background = useMountains ? 'mountains' : 'city';
  };
  return {
    editType: 'Add new scene context/background',
    text: mountains
      ? `Add a range of distant, snow-capped grey-blue mountains along the horizon behind the ${ground}, with soft atmospheric haze so they sit far away, without covering any of the objects in the foreground.`
      : `Add a distant city skyline of tall grey buildings along the horizon behind the ${ground}, slightly hazy to show distance, without covering any of the objects in the foreground.`,
    prompt: mountains
      ? 'Add snow-capped mountains on the horizon behind the scene'
      : 'Add a city skyline on the horizon behind the scene',
    summary: mountains ? 'Add distant snowy mountains.' : 'Add a distant city skyline.',
    result: withEdit(state, (next) => setBackground(next, mountains)),
    failed: withEdit(state, (next) => setBackground(next, !mountains)),
  };
};

export const winter: EditMaker = (state) => {
  if (state.scene.season === 'winter') return undefined;
  const ground = state.scene.ground.name;
  return {
    editType: 'Apply seasonal transformation (summer ↔ winter)',
    text: `Transform this summer scene into deep winter: cover the ${ground} in a thick layer of fresh white snow, put snow on the roofs, trees and cars, and give the whole image a cold, pale white tint while keeping every object in its place.`,
    prompt: 'Turn the summer scene into a snowy winter one',
    summary: 'Make it winter: snow cover and a cold white tint.',
    result: withEdit(state, (next) => {
      next.scene.season = 'winter';
      next.filters.push({ kind: 'tint', rgb: [236, 242, 248], amount: 0.12 });
    }),
    failed: withEdit(state, (next) => {
      next.filters.push({ kind: 'tint', rgb: [255, 255, 255], amount: 0.55 });
    }),
  };
};

export const rain: EditMaker = (state) => {
  if (state.scene.weather !== 'clear') return undefined;
  const result = withEdit(state, (next) => {
    next.scene.weather = 'rain';
    next.filters.push({ kind: 'tint', rgb: [90, 100, 110], amount: 0.12 });
  });
  return {
    editType: 'Change weather conditions (sunny/rainy/snowy)',
    text: `Change the weather from sunny to a heavy rainy day: replace the blue sky with dark grey storm clouds, add visible diagonal rain streaks across the whole image and darken the ${state.scene.ground.name} so it looks wet, while keeping every object in place.`,
    prompt: 'Make it a dark, rainy day with grey clouds and falling rain',
    summary: 'Rainy weather: grey sky, rain streaks, wet ground.',
    result,
    failed: withArtefacts(result),
  };
};

export const snowfall: EditMaker = (state) => {
  if (state.scene.weather !== 'clear') return undefined;
  const result = withEdit(state, (next) => {
    next.scene.weather = 'snowfall';
    next.scene.season = 'winter';
  });
  return {
    editType: 'Change weather conditions (sunny/rainy/snowy)',
    text: 'Change the weather to a snowy day: turn the sky a soft overcast grey, fill the air with falling snowflakes of different sizes and let a fresh layer of snow settle on the ground, roofs and cars.',
    prompt: 'Make it snow heavily, with a grey sky and snow settling on the ground',
    summary: 'Snowy weather with falling flakes.',
    result,
    failed: withEdit(state, (next) => {
      next.scene.weather = 'snowfall';
      next.filters.push({ kind: 'grain', amount: 60, seed: filterSeed(state, 'snow-fail') });
    }),
  };
};

export const goldenHour: EditMaker = (state) => {
  if (state.scene.lighting === 'golden' || state.scene.weather !== 'clear') return undefined;
  const relit = withEdit(state, (next) => {
    next.scene.lighting = 'golden';
  });
  return {
    editType: 'Adjust global lighting (golden hour/fluorescent)',
    text: 'Relight the scene for golden hour: lower the sun towards the horizon, turn the sky into a warm orange-to-gold gradient and bathe every object in soft, warm, low-angle sunlight, keeping the composition unchanged.',
    prompt: 'Relight the scene as if at golden hour, just before sunset',
    summary: 'Golden-hour lighting with a low warm sun.',
    result: withEdit(relit, (next) => {
      next.filters.push({ kind: 'tone', warmth: 0.45 });
    }),
    failed: withEdit(relit, (next) => {
      next.filters.push(
        { kind: 'tone', warmth: 2.2 },
        { kind: 'tint', rgb: [255, 140, 0], amount: 0.3 },
      );
    }),
  };
};
