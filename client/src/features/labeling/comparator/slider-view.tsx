import { type MouseEvent as ReactMouseEvent, useRef } from 'react';
import { DiffNote, useDiff } from './diff-overlay';
import { ImageLayer } from './image-layer';
import { type ComparatorActions, type ComparatorState, type PaneSpec } from './use-comparator';
import { ZoomViewport } from './zoom-viewport';

type SliderViewProps = {
  left: PaneSpec;
  right: PaneSpec;
  state: ComparatorState;
  actions: ComparatorActions;
  assignmentId?: number;
};

/**
 * Before/after: both images in one pane, the left one shown up to the divider. Drag the divider
 * (or use `[` `]`, or the range control) to wipe between them; zoom and pan stay shared.
 */
export function SliderView({ left, right, state, actions, assignmentId }: SliderViewProps) {
  const frameRef = useRef<HTMLDivElement>(null);
  const leftDiff = useDiff(left.diffBase?.url, left.image.url, state.diff && !!left.diffBase);
  const rightDiff = useDiff(right.diffBase?.url, right.image.url, state.diff && !!right.diffBase);
  const percent = Math.round(state.slider * 1000) / 10;

  const dragDivider = (event: ReactMouseEvent) => {
    const rect = frameRef.current?.getBoundingClientRect();
    if (event.button !== 0 || !rect || rect.width <= 0) return;
    event.preventDefault();
    event.stopPropagation();
    const move = (moveEvent: MouseEvent) =>
      actions.setSlider((moveEvent.clientX - rect.left) / rect.width);
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  return (
    <figure className="cmp-pane cmp-slider">
      <figcaption className="cmp-caption">
        <span>
          <strong>{left.label}</strong> ← → <strong>{right.label}</strong>
        </span>
        {state.diff && left.diffBase ? <DiffNote result={leftDiff} /> : null}
        {state.diff && right.diffBase ? <DiffNote result={rightDiff} /> : null}
      </figcaption>
      <div className="cmp-slider-frame" ref={frameRef}>
        <ZoomViewport updateView={actions.updateView}>
          <ImageLayer pane={right} view={state.view} diff={rightDiff} assignmentId={assignmentId} />
          <div className="cmp-clip" style={{ clipPath: `inset(0 ${100 - percent}% 0 0)` }}>
            <ImageLayer pane={left} view={state.view} diff={leftDiff} assignmentId={assignmentId} />
          </div>
          <div className="cmp-divider" style={{ left: `${percent}%` }} onMouseDown={dragDivider}>
            <span className="cmp-handle" aria-hidden="true" />
          </div>
          <span className="cmp-side cmp-side-left">{left.label}</span>
          <span className="cmp-side cmp-side-right">{right.label}</span>
        </ZoomViewport>
      </div>
      <input
        type="range"
        className="cmp-range"
        min={0}
        max={100}
        step={1}
        value={Math.round(percent)}
        onChange={(event) => actions.setSlider(Number(event.target.value) / 100)}
        aria-label={`Divider between ${left.label} (left) and ${right.label} (right), percent`}
      />
    </figure>
  );
}
