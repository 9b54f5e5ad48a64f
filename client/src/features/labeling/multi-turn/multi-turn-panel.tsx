import { ChoiceRow, type ChoiceOption } from '../components/choice-row';
import { keyLabel } from '../keymap';
import { type Cursor } from './multi-turn-cursor';
import { type MultiTurnDraft, type MultiTurnRow } from './multi-turn-draft';

type MultiTurnPanelProps = {
  draft: MultiTurnDraft;
  cursor: Cursor;
  /** Rows to mark as unanswered (after a submit attempt), as "turn:row" or the session row. */
  missing: ReadonlySet<string>;
  onGrade: (row: MultiTurnRow, grade: number) => void;
  onBreak: (value: number | 'none') => void;
  onPickEditType: () => void;
  onActivate: (row: MultiTurnRow) => void;
};

const GRADES: ReadonlyArray<ChoiceOption<string>> = ['1', '2', '3', '4', '5'].map((grade) => ({
  value: grade,
  label: grade,
  keys: [grade],
}));

/** The answers of the turn on screen, then the two about the whole session. */
export function MultiTurnPanel(props: MultiTurnPanelProps) {
  const { draft, cursor, missing, onGrade, onActivate } = props;
  const turn = draft.turns[cursor.turn];
  const number = cursor.turn + 1;
  const breakOptions: ReadonlyArray<ChoiceOption<string>> = [
    { value: 'none', label: 'None', keys: ['n'] },
    ...draft.turns.map((_, index) => ({
      value: String(index + 1),
      label: `Turn ${index + 1}`,
      keys: [String(index + 1)],
    })),
  ];
  return (
    <div className="answer-rows">
      <h2 className="answer-heading">
        Turn {number} of {draft.turns.length}
      </h2>
      <p className="field-hint">1 = not at all · 5 = completely</p>
      <ChoiceRow
        name={`turn-${number}-instruction`}
        legend={`Turn ${number} followed its instruction`}
        options={GRADES}
        value={turn.instruction === null ? null : String(turn.instruction)}
        onChange={(value) => onGrade('instruction', Number(value))}
        active={cursor.row === 'instruction'}
        missing={missing.has(`${cursor.turn}:instruction`)}
        onActivate={() => onActivate('instruction')}
      />
      <ChoiceRow
        name={`turn-${number}-consistency`}
        legend={`Turn ${number} kept what earlier turns established`}
        options={GRADES}
        value={turn.consistency === null ? null : String(turn.consistency)}
        onChange={(value) => onGrade('consistency', Number(value))}
        active={cursor.row === 'consistency'}
        missing={missing.has(`${cursor.turn}:consistency`)}
        onActivate={() => onActivate('consistency')}
      />
      <EditTypeRow
        label={turn.editType}
        turn={number}
        active={cursor.row === 'editType'}
        missing={missing.has(`${cursor.turn}:editType`)}
        onPick={props.onPickEditType}
      />
      <h2 className="answer-heading">The whole session</h2>
      <ChoiceRow
        name="first-break"
        legend="First turn where the session breaks"
        options={breakOptions}
        value={draft.firstBreak === null ? null : String(draft.firstBreak)}
        onChange={(value) => props.onBreak(value === 'none' ? 'none' : Number(value))}
        active={cursor.row === 'firstBreak'}
        missing={missing.has('firstBreak')}
        onActivate={() => onActivate('firstBreak')}
      />
      <ChoiceRow
        name="overall"
        legend="Overall consistency"
        options={GRADES}
        value={draft.overall === null ? null : String(draft.overall)}
        onChange={(value) => onGrade('overall', Number(value))}
        active={cursor.row === 'overall'}
        missing={missing.has('overall')}
        onActivate={() => onActivate('overall')}
      />
    </div>
  );
}

type EditTypeRowProps = {
  label: string | null;
  turn: number;
  active: boolean;
  missing: boolean;
  onPick: () => void;
};

function EditTypeRow({ label, turn, active, missing, onPick }: EditTypeRowProps) {
  const classes = ['choice-row', active ? 'is-active' : '', missing ? 'is-missing' : ''];
  return (
    <div className={classes.join(' ').trim()}>
      <div className="choice-legend">
        Turn {turn} edit type
        {missing ? <span className="choice-missing"> needs an answer</span> : null}
      </div>
      <div className="edit-type-value">
        <span className={label ? 'edit-type-label' : 'muted'}>{label ?? 'Not chosen yet'}</span>
        <button type="button" className="button button-small" onClick={onPick}>
          {label ? 'Change' : 'Choose'} <kbd>{keyLabel('e')}</kbd>
        </button>
      </div>
    </div>
  );
}
