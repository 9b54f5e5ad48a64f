import type { EditTypeLabel } from '@peel/shared';
import type { MakerName } from './edits';
import { SINGLE_TURN_MAKERS } from './edits';
import { withArtefacts } from './edits-photo';
import {
  planOnScene,
  sourceUrl,
  type ImageJob,
  type PreferenceLine,
  type SampleNote,
  type SftLine,
} from './records';

export const SFT_COUNT = 60;

/** Wrong labels the plan puts on the second SFT record of each of these true types. */
const MISLABELS: Partial<Record<EditTypeLabel, EditTypeLabel>> = {
  'Change overall color tone (warm ↔ cool)': 'Adjust global lighting (golden hour/fluorescent)',
  'Zoom in': 'Outpainting (extend canvas beyond boundaries)',
  'Add a new object to the scene': 'Replace one object category with another',
  'Change weather conditions (sunny/rainy/snowy)':
    'Apply seasonal transformation (summer ↔ winter)',
  'Add film grain or vintage filter': 'Modern ↔ historical style/look',
};

type Garble = 'summary-identical' | 'summary-artefact' | 'summary-truncated';
const GARBLED: ReadonlyMap<number, Garble> = new Map([
  [5, 'summary-identical'],
  [33, 'summary-identical'],
  [12, 'summary-artefact'],
  [47, 'summary-artefact'],
  [21, 'summary-truncated'],
  [56, 'summary-truncated'],
]);

/** The noisy `summarized_text` of the real data: a copy of `text`, a chat-template leak, a cut word. */
export function garble(kind: Garble, text: string, summary: string): string {
  if (kind === 'summary-identical') return text;
  if (kind === 'summary-artefact') return `ext\nuser\n${summary}`;
  return summary.slice(2);
}

export interface SinglePlan {
  lines: SftLine[];
  jobs: ImageJob[];
  notes: SampleNote[];
}

function mislabel(lines: SftLine[], notes: SampleNote[]): void {
  const seen = new Map<string, number>();
  for (const line of lines) {
    const count = (seen.get(line.edit_type) ?? 0) + 1;
    seen.set(line.edit_type, count);
    const wrong = MISLABELS[line.edit_type];
    if (count !== 2 || !wrong) continue;
    notes.push({
      file: 'sft',
      key: line.output_image,
      issue: 'mislabelled',
      detail: `really: ${line.edit_type}`,
    });
    line.edit_type = wrong;
  }
}

export function planSft(name: (retry: boolean) => string): SinglePlan {
  const plan: SinglePlan = { lines: [], jobs: [], notes: [] };
  for (let i = 0; i < SFT_COUNT; i += 1) {
    const maker = SINGLE_TURN_MAKERS[i % SINGLE_TURN_MAKERS.length];
    const { sceneIndex, plan: edit } = planOnScene(maker, (i * 7) % 40, `sft:${i}`);
    const output = `images/positive-edit/${name(i % 9 === 4)}${i % 9 === 4 ? '_retry1' : ''}.png`;
    const garbled = GARBLED.get(i);
    plan.lines.push({
      open_image_input_url: sourceUrl(sceneIndex),
      text: edit.text,
      output_image: output,
      edit_type: edit.editType,
      summarized_text: garbled ? garble(garbled, edit.text, edit.summary) : edit.summary,
    });
    plan.jobs.push({ path: output, state: edit.result, format: 'png' });
    if (garbled)
      plan.notes.push({ file: 'sft', key: output, issue: garbled, detail: 'summarized_text' });
  }
  mislabel(plan.lines, plan.notes);
  return plan;
}

/** Edits whose failures are easy to see, for the preference records. */
const PREFERENCE_MAKERS: readonly MakerName[] = [
  'recolour-object',
  'remove-object',
  'add-object',
  'relocate-object',
  'tone-warm',
  'replace-object',
  'replace-text',
  'rain',
  'zoom-in',
  'winter',
  'golden-hour',
  'change-shirt',
  'add-text',
  'outpaint',
  'resize-object',
  'tone-cool',
  'film-grain',
  'translate-text',
  'cartoon',
  'add-background',
  'recolour-text',
  'vintage',
  'snowfall',
  'historical',
  'relocate-object',
];

export interface PreferencePlan {
  lines: PreferenceLine[];
  jobs: ImageJob[];
  notes: SampleNote[];
}

export function planPreference(name: (retry: boolean) => string): PreferencePlan {
  const plan: PreferencePlan = { lines: [], jobs: [], notes: [] };
  PREFERENCE_MAKERS.forEach((maker, i) => {
    const { sceneIndex, source, plan: edit } = planOnScene(maker, (i * 11 + 3) % 40, `pref:${i}`);
    const retry = i % 6 === 3;
    const stem = name(retry);
    const attempts = i % 2 === 0 ? [edit.failed, withArtefacts(source)] : [edit.failed];
    const rejected = attempts.map((_, k) => `images/negative-edit/${stem}_attempt${k + 1}.png`);
    const output = `images/positive-edit/${stem}${retry ? `_retry${attempts.length}` : ''}.png`;
    plan.lines.push({
      output_image: output,
      rejected_images: rejected,
      text: edit.text,
      edit_type: edit.editType,
      open_image_input_url: sourceUrl(sceneIndex),
      summarized_text: i === 9 ? edit.text : edit.summary,
    });
    plan.jobs.push({ path: output, state: edit.result, format: 'png' });
    attempts.forEach((state, k) => plan.jobs.push({ path: rejected[k], state, format: 'png' }));
    if (i === 9)
      plan.notes.push({
        file: 'preference',
        key: output,
        issue: 'summary-identical',
        detail: 'summarized_text',
      });
  });
  return plan;
}
