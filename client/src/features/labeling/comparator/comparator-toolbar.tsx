import { type MouseEvent } from 'react';
import { type Comparator } from './use-comparator';

type ComparatorToolbarProps = { comparator: Comparator };

/** Toolbar buttons keep the focus where it was, so Enter still submits after a click. */
const keepFocus = (event: MouseEvent) => event.preventDefault();

/** The comparator's controls for the mouse; each names its key. */
export function ComparatorToolbar({ comparator }: ComparatorToolbarProps) {
  const { state, actions, config } = comparator;
  return (
    <div className="cmp-toolbar" role="toolbar" aria-label="Image view">
      <div className="cmp-modes" role="group" aria-label="View (v)">
        {config.modes.map((mode, index) => (
          <button
            key={mode.label}
            type="button"
            className="cmp-tool"
            aria-pressed={state.modeIndex === index}
            onMouseDown={keepFocus}
            onClick={() => actions.setMode(index)}
          >
            {mode.label}
          </button>
        ))}
      </div>
      <div className="cmp-tools" role="group" aria-label="Zoom">
        <button
          type="button"
          className="cmp-tool"
          onMouseDown={keepFocus}
          onClick={actions.zoomOut}
          title="Zoom out (-)"
        >
          −
        </button>
        <output className="cmp-zoom" aria-label="Zoom relative to fit">
          {Math.round(state.view.scale * 100)}%
        </output>
        <button
          type="button"
          className="cmp-tool"
          onMouseDown={keepFocus}
          onClick={actions.zoomIn}
          title="Zoom in (+)"
        >
          +
        </button>
        <button
          type="button"
          className="cmp-tool"
          onMouseDown={keepFocus}
          onClick={actions.fit}
          title="Fit (0)"
        >
          Fit
        </button>
        <button
          type="button"
          className="cmp-tool"
          onMouseDown={keepFocus}
          onClick={actions.actualPixels}
          title="One image pixel per screen pixel (p)"
        >
          1:1
        </button>
      </div>
      <div className="cmp-tools" role="group" aria-label="Compare">
        <button
          type="button"
          className="cmp-tool"
          title="Hold to swap the two compared images in place (hold f)"
          aria-pressed={state.flicker}
          onMouseDown={(event) => {
            keepFocus(event);
            actions.setFlicker(true);
          }}
          onMouseUp={() => actions.setFlicker(false)}
          onMouseLeave={() => actions.setFlicker(false)}
        >
          Flicker
        </button>
        <button
          type="button"
          className="cmp-tool"
          title="Heat map of the pixels each edit changed (d)"
          aria-pressed={state.diff}
          onMouseDown={keepFocus}
          onClick={actions.toggleDiff}
        >
          Difference
        </button>
      </div>
    </div>
  );
}
