import { DiffNote, useDiff } from './diff-overlay';
import { ComparatorToolbar } from './comparator-toolbar';
import { ImageLayer } from './image-layer';
import { SliderView } from './slider-view';
import {
  type Comparator as ComparatorModel,
  type ComparatorActions,
  type ComparatorState,
  type PaneSpec,
} from './use-comparator';
import { ZoomViewport } from './zoom-viewport';

type ComparatorProps = {
  comparator: ComparatorModel;
  panes: readonly PaneSpec[];
  /** Names the region for screen readers, e.g. "Images: source, edit A, edit B". */
  label: string;
  assignmentId?: number;
};

/**
 * The image comparator: panes side by side or a before/after slider, one shared zoom and pan
 * (wheel, drag, keys), hold-to-flicker between two panes and a difference heat map.
 */
export function Comparator({ comparator, panes, label, assignmentId }: ComparatorProps) {
  const { state, actions, mode, rootRef, config } = comparator;
  const byId = new Map(panes.map((pane) => [pane.id, pane]));
  const [first, second] = config.flicker;
  const shown = (id: string): PaneSpec | undefined => {
    if (!state.flicker) return byId.get(id);
    return byId.get(id === first ? second : id === second ? first : id);
  };

  return (
    <section className="cmp" ref={rootRef} aria-label={label}>
      <ComparatorToolbar comparator={comparator} />
      {mode.kind === 'grid' ? (
        <div className="cmp-grid-frame">
          <div className={`cmp-grid cmp-grid-${mode.panes.length}`}>
            {mode.panes.map((id) => {
              const slot = byId.get(id);
              const pane = shown(id);
              if (!slot || !pane) return null;
              return (
                <GridPane
                  key={id}
                  slot={slot}
                  pane={pane}
                  state={state}
                  actions={actions}
                  assignmentId={assignmentId}
                />
              );
            })}
          </div>
        </div>
      ) : (
        <SliderPanes
          left={shown(mode.left)}
          right={shown(mode.right)}
          state={state}
          actions={actions}
          assignmentId={assignmentId}
        />
      )}
    </section>
  );
}

type GridPaneProps = {
  /** The pane's place; `pane` is what it shows (another pane's image while flickering). */
  slot: PaneSpec;
  pane: PaneSpec;
  state: ComparatorState;
  actions: ComparatorActions;
  assignmentId?: number;
};

function GridPane({ slot, pane, state, actions, assignmentId }: GridPaneProps) {
  const diffOn = state.diff && pane.diffBase !== undefined;
  const diff = useDiff(pane.diffBase?.url, pane.image.url, diffOn);
  const swapped = slot.id !== pane.id;
  return (
    <figure className={swapped ? 'cmp-pane cmp-pane-swapped' : 'cmp-pane'}>
      <figcaption className="cmp-caption">
        <strong>{pane.label}</strong>
        {swapped ? (
          <span className="badge badge-warn">flicker: in {slot.label}’s place</span>
        ) : null}
        {diffOn ? <DiffNote result={diff} /> : null}
      </figcaption>
      <ZoomViewport updateView={actions.updateView}>
        <ImageLayer pane={pane} view={state.view} diff={diff} assignmentId={assignmentId} />
      </ZoomViewport>
    </figure>
  );
}

type SliderPanesProps = {
  left: PaneSpec | undefined;
  right: PaneSpec | undefined;
  state: ComparatorState;
  actions: ComparatorActions;
  assignmentId?: number;
};

function SliderPanes({ left, right, ...rest }: SliderPanesProps) {
  if (!left || !right) return null;
  return <SliderView left={left} right={right} {...rest} />;
}
