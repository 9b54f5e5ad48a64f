import type { EditTypeLabel } from '@peel/shared';
import type { EditPlan } from './edit-plan';
import { MAKERS, type MakerName } from './edits';
import { createRng } from './prng';
import { initialState, type ImageState } from './scene';
import { buildScene, SCENE_COUNT } from './scenes';

/** One line of each released file, keys in the released order. */
export interface SftLine {
  open_image_input_url: string;
  text: string;
  output_image: string;
  edit_type: EditTypeLabel;
  summarized_text: string;
}

export interface PreferenceLine {
  output_image: string;
  rejected_images: string[];
  text: string;
  edit_type: EditTypeLabel;
  open_image_input_url: string;
  summarized_text: string;
}

export interface MultiTurnLine {
  files: { id: string; url: string }[];
  metadata_edit_turn_prompts: string[];
}

/** One image to write: its path inside the output folder and what to draw. */
export interface ImageJob {
  path: string;
  state: ImageState;
  format: 'png' | 'jpeg';
}

export type SampleIssue =
  | 'mislabelled'
  | 'summary-identical'
  | 'summary-artefact'
  | 'summary-truncated'
  | 'missing-source'
  | 'inconsistent-turn';

/** A deliberate flaw in the sample, like the ones in the real data. */
export interface SampleNote {
  file: 'sft' | 'preference' | 'multi-turn' | 'source';
  /** `output_image` of the record, or the multi-turn session key. */
  key: string;
  issue: SampleIssue;
  detail: string;
}

/** Scenes whose source JPEG is deliberately not written (gone from Flickr in the real data). */
export const MISSING_SOURCE_SCENES: readonly number[] = [13, 31];

export function sourceUrl(sceneIndex: number): string {
  const name = `scene-${String(sceneIndex + 1).padStart(2, '0')}`;
  const host = sceneIndex % 3 === 2 ? `c${1 + (sceneIndex % 9)}` : `farm${1 + (sceneIndex % 9)}`;
  return `https://${host}.staticflickr.com/peel-sample/${name}_o.jpg`;
}

/** Where the local mirror keeps an absolute URL: `sources/<host><path>`. */
export function sourcePath(url: string): string {
  const { host, pathname } = new URL(url);
  return `sources/${host}${pathname}`;
}

export function sourceJobs(): ImageJob[] {
  return Array.from({ length: SCENE_COUNT }, (_, index) => index)
    .filter((index) => !MISSING_SOURCE_SCENES.includes(index))
    .map((index) => ({
      path: sourcePath(sourceUrl(index)),
      state: initialState(buildScene(index)),
      format: 'jpeg',
    }));
}

/** The first scene from `start` on that `maker` can edit, with the plan for it. */
export function planOnScene(maker: MakerName, start: number, seedKey: string) {
  for (let step = 0; step < SCENE_COUNT; step += 1) {
    const sceneIndex = (start + step) % SCENE_COUNT;
    const source = initialState(buildScene(sceneIndex));
    const plan: EditPlan | undefined = MAKERS[maker](source, createRng(`${seedKey}:${sceneIndex}`));
    if (plan) return { sceneIndex, source, plan };
  }
  throw new Error(`sample: no scene can take the edit ${maker}`);
}

/** File names like the released ones: mostly numbers, now and then `kf3o5u_retry1`. */
export function createNamer(key: string) {
  const rng = createRng(`names:${key}`);
  let counter = 0;
  return (retryStyle: boolean): string => {
    counter += rng.int(1, 97);
    if (!retryStyle) return String(counter);
    const code = Array.from({ length: 4 }, () => rng.int(0, 35).toString(36)).join('');
    return `k${rng.pick(['f', 'g', 'h'])}${code}`;
  };
}
