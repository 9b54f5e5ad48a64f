import { type TaskType } from '@peel/shared';
import { Markdown } from '../../../components/ui/markdown';
import { bindingsFor, GROUP_ORDER, keyLabel, VIEW_NOTES } from '../keymap';
import { ModalDialog } from './modal-dialog';

type KeymapHelpProps = { view: TaskType; guidelines: string; onClose: () => void };

const GROUP_TITLES = {
  Answer: 'Answer',
  Move: 'Move between questions',
  Task: 'The task',
  Images: 'The images',
} as const;

/** The `?` overlay: every key of this view, straight from the keymap, and the guidelines. */
export function KeymapHelp({ view, guidelines, onClose }: KeymapHelpProps) {
  const bindings = bindingsFor(view);
  return (
    <ModalDialog
      title="Keyboard shortcuts"
      className="modal-wide"
      onClose={onClose}
      onKeyDown={(event) => {
        if (event.key === '?') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <p className="muted">{VIEW_NOTES[view]} Keys pause while you type in a text box.</p>
      <div className="help-groups">
        {GROUP_ORDER.map((group) => {
          const rows = bindings.filter((binding) => binding.group === group);
          if (rows.length === 0) return null;
          return (
            <section key={group} className="help-group">
              <h3 className="help-title">{GROUP_TITLES[group]}</h3>
              <dl className="help-list">
                {rows.map((binding) => (
                  <div key={`${binding.action}-${binding.keys.join()}`} className="help-row">
                    <dt>
                      {binding.keys.map((key) => (
                        <kbd key={key}>{keyLabel(key)}</kbd>
                      ))}
                    </dt>
                    <dd>{binding.label}</dd>
                  </div>
                ))}
              </dl>
            </section>
          );
        })}
      </div>
      {guidelines.trim() ? (
        <section className="help-guidelines">
          <h3 className="help-title">Guidelines for this batch</h3>
          <Markdown text={guidelines} />
        </section>
      ) : null}
    </ModalDialog>
  );
}
