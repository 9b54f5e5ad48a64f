import { type RaterProgress, type TaskType } from '@peel/shared';
import { type MouseEvent } from 'react';
import { Link } from 'react-router';
import { answeredCount, TASK_TYPE_LABELS } from '../labels';
import { ProgressBar } from './progress-bar';

type LabelingBarProps = {
  batchName: string;
  taskType: TaskType;
  progress: RaterProgress | null;
  unsaved: number;
  retrying: boolean;
  /** Answers the server refused (shown in the notices). */
  notStored: number;
  canUndo: boolean;
  revising: boolean;
  onUndo: () => void;
  onSkip: () => void;
  onHelp: () => void;
};

const keepFocus = (event: MouseEvent) => event.preventDefault();

/** The strip above the task: where I am, how far, whether my answers are stored, and actions. */
export function LabelingBar(props: LabelingBarProps) {
  const { batchName, taskType, progress, unsaved, retrying, notStored } = props;
  const count = progress ? answeredCount(progress) : null;
  return (
    <div className="lab-bar">
      <div className="lab-title">
        <Link to="/rate" className="lab-back">
          ← Batches
        </Link>
        <h1 className="lab-name">{batchName}</h1>
        <span className="badge">{TASK_TYPE_LABELS[taskType]}</span>
      </div>
      {progress && count ? (
        <div className="lab-progress">
          <ProgressBar
            done={count.answered}
            total={count.total}
            label="Your progress in this batch"
          />
          <span className="lab-count">
            {count.answered} done · {progress.remaining} left
          </span>
        </div>
      ) : null}
      <SaveStatus unsaved={unsaved} retrying={retrying} notStored={notStored} />
      <div className="lab-actions">
        <button
          type="button"
          className="button button-small"
          onMouseDown={keepFocus}
          onClick={props.onUndo}
          disabled={!props.canUndo || props.revising}
        >
          Undo <kbd>U</kbd>
        </button>
        <button
          type="button"
          className="button button-small"
          onMouseDown={keepFocus}
          onClick={props.onSkip}
          disabled={props.revising}
        >
          Skip <kbd>S</kbd>
        </button>
        <button
          type="button"
          className="button button-small"
          onMouseDown={keepFocus}
          onClick={props.onHelp}
        >
          Keys <kbd>?</kbd>
        </button>
      </div>
    </div>
  );
}

type SaveStatusProps = { unsaved: number; retrying: boolean; notStored: number };

function SaveStatus({ unsaved, retrying, notStored }: SaveStatusProps) {
  const answers = (count: number) => `${count} ${count === 1 ? 'answer' : 'answers'}`;
  const text =
    unsaved > 0
      ? retrying
        ? `Offline? ${answers(unsaved)} kept here, retrying`
        : `Saving ${answers(unsaved)}…`
      : notStored > 0
        ? `${answers(notStored)} not stored (see above)`
        : 'All answers saved';
  return (
    <span
      className={
        retrying || (unsaved === 0 && notStored > 0) ? 'lab-save lab-save-warn' : 'lab-save'
      }
      role="status"
      data-unsaved={unsaved}
    >
      {text}
    </span>
  );
}
