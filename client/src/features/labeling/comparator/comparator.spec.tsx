import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, type RenderResult } from '@testing-library/react';
import { useEffect } from 'react';
import { Comparator } from './comparator';
import { type Comparator as ComparatorModel, type PaneSpec, useComparator } from './use-comparator';

const PANES: PaneSpec[] = [
  { id: 'source', label: 'Source', image: { url: '/images/source.jpg', path: 'source.jpg' } },
  {
    id: 'a',
    label: 'Edit A',
    image: { url: '/images/a.png', path: 'a.png' },
    diffBase: { url: '/images/source.jpg', path: 'source.jpg' },
  },
  {
    id: 'b',
    label: 'Edit B',
    image: { url: '/images/b.png', path: 'b.png' },
    diffBase: { url: '/images/source.jpg', path: 'source.jpg' },
  },
];

const CONFIG = {
  modes: [
    { kind: 'grid', label: 'Side by side', panes: ['source', 'a', 'b'] },
    { kind: 'slider', label: 'A ↔ B', left: 'a', right: 'b' },
  ],
  flicker: ['a', 'b'],
} as const;

let model: ComparatorModel | null = null;

function Harness() {
  const comparator = useComparator(CONFIG);
  useEffect(() => {
    model = comparator;
  });
  return (
    <QueryClientProvider client={new QueryClient()}>
      <Comparator comparator={comparator} panes={PANES} label="Images" />
    </QueryClientProvider>
  );
}

function layers(view: RenderResult): HTMLElement[] {
  return Array.from(view.container.querySelectorAll<HTMLElement>('.cmp-layer'));
}

function viewports(view: RenderResult): HTMLElement[] {
  return Array.from(view.container.querySelectorAll<HTMLElement>('.cmp-viewport'));
}

/** Every layer's transform is the same; answers it. */
function sharedTransform(view: RenderResult): string {
  const transforms = layers(view).map((layer) => layer.style.transform);
  expect(transforms.length).toBeGreaterThanOrEqual(2);
  expect(new Set(transforms).size).toBe(1);
  return transforms[0];
}

beforeEach(() => {
  // jsdom lays nothing out: every pane is a 300 × 200 box at (100, 50).
  jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    left: 100,
    top: 50,
    width: 300,
    height: 200,
    right: 400,
    bottom: 250,
    x: 100,
    y: 50,
    toJSON: () => ({}),
  });
});

afterEach(() => {
  cleanup();
  jest.restoreAllMocks();
  model = null;
});

describe('the comparator’s synced zoom and pan', () => {
  it('zooms every pane when the wheel turns over one of them, around the pointer', () => {
    const view = render(<Harness />);
    expect(layers(view)).toHaveLength(3);
    const before = sharedTransform(view);

    // Zoom in over the right part of the middle pane.
    fireEvent.wheel(viewports(view)[1], { deltaY: -200, clientX: 325, clientY: 150 });
    const after = sharedTransform(view);
    expect(after).not.toBe(before);
    const { scale, x, y } = model!.state.view;
    expect(scale).toBeGreaterThan(1);
    // The image moved left so that the point under the pointer (right of centre) stayed put.
    expect(x).toBeLessThan(0);
    expect(y).toBe(0);
    expect(after).toContain(`scale(${Math.round(scale * 1000) / 1000})`);
  });

  it('pans every pane when one is dragged', () => {
    const view = render(<Harness />);
    fireEvent.wheel(viewports(view)[0], { deltaY: -200, clientX: 250, clientY: 150 });
    const zoomed = { ...model!.state.view };

    fireEvent.mouseDown(viewports(view)[2], { button: 0, clientX: 200, clientY: 100 });
    fireEvent.mouseMove(window, { clientX: 230, clientY: 120 });
    fireEvent.mouseUp(window);
    const panned = model!.state.view;
    expect(panned.scale).toBe(zoomed.scale);
    expect(panned.x).toBeCloseTo(zoomed.x + 30 / 300);
    expect(panned.y).toBeCloseTo(zoomed.y + 20 / 200);
    expect(sharedTransform(view)).toContain(`translate(${Math.round(panned.x * 100000) / 1000}%`);

    // After the button is released, moving the mouse pans no more.
    fireEvent.mouseMove(window, { clientX: 300, clientY: 200 });
    expect(model!.state.view).toEqual(panned);
  });

  it('zooms all panes from the keys, fits back, and keeps the zoom in the slider view', () => {
    const view = render(<Harness />);
    act(() => model!.keyHandlers.zoomIn?.(undefined, false));
    act(() => model!.keyHandlers.zoomIn?.(undefined, false));
    expect(model!.state.view.scale).toBeCloseTo(1.5625);
    const zoomed = sharedTransform(view);

    act(() => model!.keyHandlers.cycleView?.(undefined, false));
    // The slider pane shows both edits under the one transform.
    expect(layers(view)).toHaveLength(2);
    expect(sharedTransform(view)).toBe(zoomed);

    act(() => model!.keyHandlers.zoomFit?.(undefined, false));
    expect(model!.state.view).toEqual({ scale: 1, x: 0, y: 0 });
  });

  it('swaps A and B in place while the flicker key is held', () => {
    const view = render(<Harness />);
    const shownIn = () => layers(view).map((layer) => layer.dataset.pane);
    expect(shownIn()).toEqual(['source', 'a', 'b']);
    act(() => model!.keyHandlers.flicker?.(undefined, false));
    expect(shownIn()).toEqual(['source', 'b', 'a']);
    act(() => model!.keyHandlers.flicker?.(undefined, true));
    expect(shownIn()).toEqual(['source', 'a', 'b']);
  });
});
