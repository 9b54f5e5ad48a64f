import { describe, noun, pickTarget, visibleObjects, withEdit, type EditMaker } from './edit-plan';
import { kindColours, placeObject } from './scenes';
import { objectBox, type ImageState, type ObjectKind, type View } from './scene';
import type { Rng } from './prng';

const clampTo = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A view about twice as close, centred on (cx, cy) and kept inside the current view. */
function zoomView(state: ImageState, cx: number, cy: number, span: number): View {
  const { view } = state;
  const aspect = state.outW / state.outH;
  const w = clampTo(span, view.w * 0.35, view.w * 0.6);
  const h = w / aspect;
  const x = clampTo(cx - w / 2, view.x, view.x + view.w - w);
  const y = clampTo(cy - h / 2, view.y, view.y + view.h - h);
  const round = (v: number) => Math.round(v * 10) / 10;
  return { x: round(x), y: round(y), w: round(w), h: round(h) };
}

export const zoomIn: EditMaker = (state, rng) => {
  const o = pickTarget(
    visibleObjects(state).filter((v) => v.kind !== 'text'),
    rng,
  );
  if (!o) return undefined;
  const box = objectBox(o);
  const cx = (box.x0 + box.x1) / 2;
  const cy = (box.y0 + box.y1) / 2;
  const aspect = state.outW / state.outH;
  const span = Math.max((box.x1 - box.x0) * 1.8, (box.y1 - box.y0) * 1.8 * aspect);
  const { view } = state;
  const mirrored = { x: view.x + view.w - (cx - view.x), y: view.y + view.h - (cy - view.y) };
  return {
    editType: 'Zoom in',
    text: `Zoom in closely on the ${describe(o)}, cropping the image so that it fills most of the frame while staying sharp and detailed, with no blur, stretching or change to its colours.`,
    prompt: `Zoom in closely on the ${describe(o)}`,
    summary: `Zoom in on the ${noun(o.kind)}.`,
    result: withEdit(state, (next) => {
      next.view = zoomView(state, cx, cy, span);
    }),
    failed: withEdit(state, (next) => {
      next.view = zoomView(state, mirrored.x, mirrored.y, span);
    }),
  };
};

const EDGE_KINDS: readonly ObjectKind[] = ['tree', 'bench', 'flag'];

/** New things in the revealed margins, so the wider view shows more than empty ground. */
function fillMargins(next: ImageState, old: View, rng: Rng): void {
  const margins = [
    { from: next.view.x, to: old.x },
    { from: old.x + old.w, to: next.view.x + next.view.w },
  ];
  for (const within of margins) {
    const kind = rng.pick(EDGE_KINDS);
    const o = placeObject(next.scene, kind, rng.pick(kindColours(kind)), rng, within);
    next.scene.objects.push(o);
  }
}

export const outpaint: EditMaker = (state, rng) => {
  const { view } = state;
  if (view.w > state.scene.width * 1.6) return undefined;
  const wider: View = {
    x: view.x - view.w / 4,
    y: view.y - view.h / 4,
    w: view.w * 1.5,
    h: view.h * 1.5,
  };
  const outW = Math.min(640, Math.round(state.outW * 1.25));
  const outH = Math.round((outW * state.outH) / state.outW);
  const ground = state.scene.ground.name;
  return {
    editType: 'Outpainting (extend canvas beyond boundaries)',
    text: `Outpaint the canvas on all sides to reveal more of the surroundings: extend the ${ground}, the sky and the horizon beyond the original borders and add a few more things at the new edges, so the wider view looks natural and continuous with the original picture.`,
    prompt: 'Outpaint the canvas to show more of the surrounding scene on every side',
    summary: `Extend the canvas: more ${ground} and sky.`,
    result: withEdit(state, (next) => {
      Object.assign(next, { view: wider, outW, outH });
      fillMargins(next, view, rng);
    }),
    failed: withEdit(state, (next) => {
      Object.assign(next, { outW, outH: state.outH });
    }),
  };
};
