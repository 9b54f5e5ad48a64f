import { type Answers, type Task } from '@peel/shared';
import { useEffect, useRef, useState } from 'react';
import { useRaterBatches } from './api';
import { FlowNotices } from './components/flow-notices';
import { KeymapHelp } from './components/keymap-help';
import { LabelingBar } from './components/labeling-bar';
import { QueueState } from './components/queue-state';
import { SkipDialog } from './components/skip-dialog';
import { useDwellClock } from './flow/dwell-clock';
import { answerDraftKey, type FlowState, revisionDraftKey } from './flow/flow-types';
import { markSubmit, markWhenPainted } from './flow/paint-mark';
import { type TaskFlow } from './flow/task-flow';
import { useTaskFlow } from './flow/use-task-flow';
import { type TaskCommands } from './task-view-props';
import { TaskView } from './task-view';

type LabelingScreenProps = { batchId: number };
type Modal = 'help' | 'skip' | null;
/** A short note tied to the view it was given in (it goes away with that view). */
type Note = { viewKey: string; text: string };

/** The labeling screen of one batch: the task on screen, its bar, notices and dialogs. */
export function LabelingScreen({ batchId }: LabelingScreenProps) {
  const { flow, state } = useTaskFlow(batchId);
  const batches = useRaterBatches();
  const batch = batches.data?.items.find((item) => item.id === batchId);
  const [modal, setModal] = useState<Modal>(null);
  const [note, setNote] = useState<Note | null>(null);
  const shown = state.revising?.task ?? state.current;
  const viewKey = viewKeyOf(state);
  const dwell = useDwellClock(viewKey);
  const rootRef = useRef<HTMLElement>(null);

  // Each new view (a task, or a revision) is marked once it is painted.
  useEffect(() => {
    if (!shown || !rootRef.current) return;
    return markWhenPainted(rootRef.current, shown.assignmentId);
  }, [shown, viewKey]);

  const batchName = batch?.name ?? `Batch ${batchId}`;
  if (!shown || viewKey === null) {
    return <QueueState state={state} batchName={batchName} onRetry={() => flow.retry()} />;
  }

  const commands = buildCommands({
    flow,
    state,
    shown,
    takeDwell: () => dwell.take(viewKey),
    openModal: setModal,
    say: (text) => setNote({ viewKey, text }),
  });

  return (
    <section
      ref={rootRef}
      className="labeling"
      aria-label="Labeling"
      data-assignment-id={shown.assignmentId}
      data-task-type={shown.taskType}
      data-revising={state.revising ? 'true' : 'false'}
      data-next-ready={nextReady(state) ?? undefined}
    >
      <title>{`${batchName} · Rate · Peel`}</title>
      <LabelingBar
        batchName={batchName}
        taskType={shown.taskType}
        progress={state.progress}
        unsaved={state.unsaved}
        retrying={state.retrying}
        notStored={state.notices.filter((notice) => notice.answers !== null).length}
        canUndo={state.lastJudgment !== null}
        revising={state.revising !== null}
        onUndo={commands.undo}
        onSkip={commands.skip}
        onHelp={commands.help}
      />
      <ScreenMessages state={state} note={note?.viewKey === viewKey ? note.text : null} />
      <FlowNotices notices={state.notices} onDismiss={(id) => flow.dismissNotice(id)} />
      <TaskView
        key={viewKey}
        task={shown}
        draftKey={
          state.revising
            ? revisionDraftKey(state.revising.judgmentId)
            : answerDraftKey(shown.assignmentId)
        }
        initial={state.revising?.answers ?? null}
        keysEnabled={modal === null}
        busy={state.revisionSaving}
        commands={commands}
      />
      {modal === 'help' ? (
        <KeymapHelp
          view={shown.taskType}
          guidelines={batch?.guidelines ?? ''}
          onClose={() => setModal(null)}
        />
      ) : null}
      {modal === 'skip' ? (
        <SkipDialog
          onSkip={(reason, text) => {
            flow.skip(shown, reason, text.trim());
            setModal(null);
          }}
          onClose={() => setModal(null)}
        />
      ) : null}
    </section>
  );
}

/** The task behind this one, once it can paint at once (read by tests and the benchmark). */
function nextReady(state: FlowState): number | null {
  const next = state.next;
  return next && state.nextReadyId === next.assignmentId ? next.assignmentId : null;
}

function viewKeyOf(state: FlowState): string | null {
  if (state.revising) return `revision:${state.revising.judgmentId}`;
  return state.current ? `task:${state.current.assignmentId}` : null;
}

type CommandContext = {
  flow: TaskFlow;
  state: FlowState;
  shown: Task;
  takeDwell: () => number;
  openModal: (modal: Modal) => void;
  say: (text: string) => void;
};

function buildCommands({
  flow,
  state,
  shown,
  takeDwell,
  openModal,
  say,
}: CommandContext): TaskCommands {
  return {
    submit: (answers: Answers) => {
      if (state.revising) {
        void flow.saveRevision(answers, takeDwell());
        return;
      }
      markSubmit(shown.assignmentId);
      flow.submit(shown, answers, takeDwell());
    },
    undo: () => {
      if (state.revising) return;
      const result = flow.undo();
      if (result === 'nothing') say('There is no earlier answer of yours to undo yet.');
      if (result === 'saving') say('Your last answer is still being saved. Try again in a moment.');
    },
    skip: () => {
      if (!state.revising) openModal('skip');
    },
    help: () => openModal('help'),
    cancel: () => {
      if (state.revising) flow.cancelRevision();
    },
  };
}

type ScreenMessagesProps = { state: FlowState; note: string | null };

/** Revising, an expired lease, a failed revision, a passing note: one line each. */
function ScreenMessages({ state, note }: ScreenMessagesProps) {
  const expired =
    state.expiredLeaseId !== null && state.expiredLeaseId === state.current?.assignmentId;
  return (
    <>
      {state.revising ? (
        <p className="alert alert-info lab-message" role="status">
          You are revising your last answer. Enter saves the revision; Esc goes back to the current
          task without changing it.
        </p>
      ) : null}
      {state.revisionError ? (
        <p className="alert alert-error lab-message" role="alert">
          The revision was not saved: {state.revisionError.message}
        </p>
      ) : null}
      {expired && !state.revising ? (
        <p className="alert alert-warn lab-message" role="alert">
          Your time on this task has run out. Your answer stays here: submit it and it is stored if
          no one else has taken the task; otherwise you will be told, with your answer shown.
        </p>
      ) : null}
      {note ? (
        <p className="alert alert-info lab-message" role="status">
          {note}
        </p>
      ) : null}
    </>
  );
}
