import { SafeImage } from '../comparator/safe-image';
import { type MultiTurnItem } from '../items';
import { isTurnComplete, type MultiTurnDraft } from './multi-turn-draft';

type TurnTimelineProps = {
  item: MultiTurnItem;
  draft: MultiTurnDraft;
  turn: number;
  onSelect: (turn: number) => void;
};

/** The source and every turn as thumbnails; the turn on screen and the pair it compares stand out. */
export function TurnTimeline({ item, draft, turn, onSelect }: TurnTimelineProps) {
  return (
    <ol className="timeline" aria-label="Session timeline (← → move between turns)">
      <li className={turn === 0 ? 'timeline-step is-previous' : 'timeline-step'}>
        <div className="timeline-thumb">
          <SafeImage url={item.source.url} alt="Source" compact />
        </div>
        <span className="timeline-label">Source</span>
      </li>
      {item.turns.map((step, index) => {
        const classes = [
          'timeline-step',
          index === turn ? 'is-current' : '',
          index === turn - 1 ? 'is-previous' : '',
          isTurnComplete(draft.turns[index]) ? 'is-done' : '',
        ];
        return (
          <li key={step.index} className={classes.join(' ').trim()}>
            <button
              type="button"
              className="timeline-thumb"
              aria-current={index === turn ? 'step' : undefined}
              aria-label={`Turn ${index + 1}${isTurnComplete(draft.turns[index]) ? ' (answered)' : ''}: ${step.prompt}`}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onSelect(index)}
            >
              <SafeImage url={step.image.url} alt={`Turn ${index + 1}`} compact />
            </button>
            <span className="timeline-label">
              Turn {index + 1}
              {isTurnComplete(draft.turns[index]) ? ' ✓' : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
