import { type Answers, type Task } from '@peel/shared';
import { type KeyHandlers } from './keymap';

/** What every task view can ask of the screen around it. */
export type TaskCommands = {
  submit: (answers: Answers) => void;
  undo: () => void;
  skip: () => void;
  help: () => void;
  /** Leave the revision of an earlier judgment. */
  cancel: () => void;
};

export type TaskViewProps<TItem> = {
  task: Task;
  item: TItem;
  /** Where the unsent draft lives (survives a reload and a trip through the login page). */
  draftKey: string;
  /** The saved answers when revising an earlier judgment (undo). */
  initial: Answers | null;
  keysEnabled: boolean;
  /** A revision is being saved: submitting again waits. */
  busy: boolean;
  commands: TaskCommands;
};

/** The bindings every view shares: submit, undo, skip, help and cancel. */
export function commonKeyHandlers(commands: TaskCommands, submit: () => void): KeyHandlers {
  return {
    submit: () => submit(),
    undo: () => commands.undo(),
    skip: () => commands.skip(),
    help: () => commands.help(),
    cancel: () => commands.cancel(),
  };
}
