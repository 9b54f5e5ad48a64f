import { useMemo, useRef, useState } from 'react';
import { type ImageRef } from '../items';
import { type KeyHandlers } from '../keymap';
import {
  actualPixelScale,
  FIT,
  KEY_PAN_STEP,
  KEY_ZOOM_FACTOR,
  panBy,
  type ViewTransform,
  zoomAt,
  zoomTo,
} from './view-transform';

/** One image the comparator can show; `diffBase` is what the difference overlay compares it to. */
export type PaneSpec = { id: string; label: string; image: ImageRef; diffBase?: ImageRef };

export type ComparatorMode =
  | { kind: 'grid'; label: string; panes: readonly string[] }
  | { kind: 'slider'; label: string; left: string; right: string };

export type ComparatorConfig = {
  modes: readonly ComparatorMode[];
  /** The two panes that hold-to-flicker swaps in place. */
  flicker: readonly [string, string];
};

export type ComparatorState = {
  view: ViewTransform;
  modeIndex: number;
  /** Where the slider divider is, 0 (left edge) to 1. */
  slider: number;
  flicker: boolean;
  diff: boolean;
};

export type ViewUpdate = (update: (view: ViewTransform) => ViewTransform) => void;

export type ComparatorActions = {
  updateView: ViewUpdate;
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  actualPixels(): void;
  pan(dx: number, dy: number): void;
  setFlicker(on: boolean): void;
  cycleMode(): void;
  setMode(index: number): void;
  setSlider(position: number): void;
  moveSlider(delta: number): void;
  toggleDiff(): void;
};

const INITIAL: ComparatorState = {
  view: FIT,
  modeIndex: 0,
  slider: 0.5,
  flicker: false,
  diff: false,
};
const SLIDER_STEP = 0.05;

/**
 * The comparator's state (one zoom/pan for every pane, the view mode, the slider, flicker and
 * the difference overlay) and its actions. `rootRef` goes on the comparator element: the 1:1
 * view measures the first image it finds there.
 */
export function useComparator(config: ComparatorConfig) {
  const [state, setState] = useState<ComparatorState>(INITIAL);
  const rootRef = useRef<HTMLDivElement>(null);
  const modeCount = config.modes.length;

  const actions = useMemo<ComparatorActions>(() => {
    const updateView: ViewUpdate = (update) =>
      setState((previous) => ({ ...previous, view: update(previous.view) }));
    const setSlider = (position: number) =>
      setState((previous) => ({ ...previous, slider: Math.min(1, Math.max(0, position)) }));
    return {
      updateView,
      zoomIn: () => updateView((view) => zoomAt(view, KEY_ZOOM_FACTOR)),
      zoomOut: () => updateView((view) => zoomAt(view, 1 / KEY_ZOOM_FACTOR)),
      fit: () => updateView(() => FIT),
      actualPixels: () => {
        const scale = measureActualScale(rootRef.current);
        if (scale !== null) updateView((view) => zoomTo(view, scale));
      },
      pan: (dx, dy) => updateView((view) => panBy(view, dx, dy)),
      setFlicker: (on) => setState((previous) => ({ ...previous, flicker: on })),
      cycleMode: () =>
        setState((previous) => ({ ...previous, modeIndex: (previous.modeIndex + 1) % modeCount })),
      setMode: (index) => setState((previous) => ({ ...previous, modeIndex: index })),
      setSlider,
      moveSlider: (delta) =>
        setState((previous) => ({
          ...previous,
          slider: Math.min(1, Math.max(0, previous.slider + delta)),
        })),
      toggleDiff: () => setState((previous) => ({ ...previous, diff: !previous.diff })),
    };
  }, [modeCount]);

  const keyHandlers = useMemo<KeyHandlers>(
    () => ({
      zoomIn: () => actions.zoomIn(),
      zoomOut: () => actions.zoomOut(),
      zoomFit: () => actions.fit(),
      zoomActual: () => actions.actualPixels(),
      // Panning moves the view over the image: the image itself moves the other way.
      panLeft: () => actions.pan(KEY_PAN_STEP, 0),
      panRight: () => actions.pan(-KEY_PAN_STEP, 0),
      panUp: () => actions.pan(0, KEY_PAN_STEP),
      panDown: () => actions.pan(0, -KEY_PAN_STEP),
      flicker: (_value, released) => actions.setFlicker(!released),
      cycleView: () => actions.cycleMode(),
      sliderLeft: () => actions.moveSlider(-SLIDER_STEP),
      sliderRight: () => actions.moveSlider(SLIDER_STEP),
      diff: () => actions.toggleDiff(),
    }),
    [actions],
  );

  const mode = config.modes[state.modeIndex] ?? config.modes[0];
  return { state, actions, keyHandlers, rootRef, mode, config };
}

export type Comparator = ReturnType<typeof useComparator>;

/** The 1:1 scale of the first loaded image in the comparator, or null before any has loaded. */
function measureActualScale(root: HTMLElement | null): number | null {
  const image = root?.querySelector<HTMLImageElement>('img.cmp-image');
  const viewport = image?.closest('.cmp-viewport');
  if (!image || !viewport || image.naturalWidth === 0) return null;
  const rect = viewport.getBoundingClientRect();
  return actualPixelScale(
    { width: image.naturalWidth, height: image.naturalHeight },
    { width: rect.width, height: rect.height },
    window.devicePixelRatio || 1,
  );
}
