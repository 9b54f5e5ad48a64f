import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { type TaskType, TASK_TYPES } from '@peel/shared';
import { cleanup, fireEvent, render } from '@testing-library/react';
import { bindingsFor, type KeyAction, type KeyHandler, type KeyHandlers, KEYMAP } from './keymap';
import { useKeymap } from './use-keymap';

type HarnessProps = { view: TaskType; handlers: KeyHandlers; enabled?: boolean };

function Harness({ view, handlers, enabled }: HarnessProps) {
  useKeymap(view, handlers, enabled);
  return (
    <div>
      <input aria-label="text" />
      <input aria-label="search" type="search" />
      <textarea aria-label="reason" />
      <select aria-label="choice">
        <option>one</option>
      </select>
      <div aria-label="editor" contentEditable suppressContentEditableWarning>
        <span>typing here</span>
      </div>
      <input aria-label="radio" type="radio" />
      <button type="button">a button</button>
    </div>
  );
}

/** A handler for every action, each a separate mock. */
function spyHandlers(): Record<KeyAction, jest.Mock<KeyHandler>> {
  const actions = new Set(KEYMAP.map((binding) => binding.action));
  return Object.fromEntries(
    [...actions].map((action) => [action, jest.fn<KeyHandler>()]),
  ) as Record<KeyAction, jest.Mock<KeyHandler>>;
}

/** What to pass to `fireEvent.keyDown` for a key as the keymap writes it. */
function eventInit(key: string): { key: string; shiftKey: boolean } {
  return key.startsWith('Shift+')
    ? { key: key.slice('Shift+'.length), shiftKey: true }
    : { key, shiftKey: false };
}

afterEach(cleanup);

describe('the labeling keymap', () => {
  it.each(TASK_TYPES)('gives every key at most one action in the %s view', (view) => {
    const keys = bindingsFor(view).flatMap((binding) => binding.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(TASK_TYPES)('dispatches each %s binding to its action with its value', (view) => {
    const handlers = spyHandlers();
    render(<Harness view={view} handlers={handlers} />);
    for (const binding of bindingsFor(view)) {
      for (const key of binding.keys) {
        handlers[binding.action].mockClear();
        fireEvent.keyDown(document.body, eventInit(key));
        if (binding.hold) fireEvent.keyUp(document.body, eventInit(key));
        expect(handlers[binding.action]).toHaveBeenCalledWith(binding.value, false);
        expect(handlers[binding.action]).toHaveBeenCalledTimes(binding.hold ? 2 : 1);
      }
    }
  });

  it('fires no key while focus is in a text field of any kind', () => {
    const handlers = spyHandlers();
    const view = render(<Harness view="pairwise" handlers={handlers} />);
    const fields = [
      view.getByLabelText('text'),
      view.getByLabelText('search'),
      view.getByLabelText('reason'),
      view.getByLabelText('choice'),
      view.getByText('typing here'),
    ];
    const keys = [...new Set(bindingsFor('pairwise').flatMap((binding) => binding.keys))];
    for (const field of fields) {
      for (const key of keys) fireEvent.keyDown(field, eventInit(key));
    }
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });

  it('still answers from a radio button, and leaves Enter on a button to the button', () => {
    const handlers = spyHandlers();
    const view = render(<Harness view="pairwise" handlers={handlers} />);
    fireEvent.keyDown(view.getByLabelText('radio'), { key: '2' });
    expect(handlers.choose).toHaveBeenCalledWith('B', false);
    fireEvent.keyDown(view.getByRole('button'), { key: 'Enter' });
    expect(handlers.submit).not.toHaveBeenCalled();
    fireEvent.keyDown(view.getByLabelText('radio'), { key: 'Enter' });
    expect(handlers.submit).toHaveBeenCalledTimes(1);
  });

  it('ignores browser chords, auto-repeat of answer keys, and keys while disabled', () => {
    const handlers = spyHandlers();
    const view = render(<Harness view="pairwise" handlers={handlers} />);
    fireEvent.keyDown(document.body, { key: '1', ctrlKey: true });
    fireEvent.keyDown(document.body, { key: 'Enter', metaKey: true });
    fireEvent.keyDown(document.body, { key: 'Enter', repeat: true });
    expect(handlers.choose).not.toHaveBeenCalled();
    expect(handlers.submit).not.toHaveBeenCalled();
    fireEvent.keyDown(document.body, { key: '+', repeat: true });
    expect(handlers.zoomIn).toHaveBeenCalledTimes(1);

    view.rerender(<Harness view="pairwise" handlers={handlers} enabled={false} />);
    fireEvent.keyDown(document.body, { key: '1' });
    expect(handlers.choose).not.toHaveBeenCalled();
  });

  it('holds the flicker key until it is released, even with Shift or a lost window focus', () => {
    const handlers = spyHandlers();
    render(<Harness view="pairwise" handlers={handlers} />);
    fireEvent.keyDown(document.body, { key: 'f' });
    fireEvent.keyDown(document.body, { key: 'f', repeat: true });
    expect(handlers.flicker.mock.calls).toEqual([[undefined, false]]);
    fireEvent.keyUp(document.body, { key: 'F', shiftKey: true });
    expect(handlers.flicker.mock.calls).toEqual([
      [undefined, false],
      [undefined, true],
    ]);
    fireEvent.keyDown(document.body, { key: 'f' });
    fireEvent.blur(window);
    expect(handlers.flicker).toHaveBeenLastCalledWith(undefined, true);
  });

  it('takes the latest handlers without listening twice', () => {
    const first = spyHandlers();
    const second = spyHandlers();
    const view = render(<Harness view="taxonomy" handlers={first} />);
    view.rerender(<Harness view="taxonomy" handlers={second} />);
    fireEvent.keyDown(document.body, { key: 'm' });
    expect(first.ambiguous).not.toHaveBeenCalled();
    expect(second.ambiguous).toHaveBeenCalledTimes(1);
  });
});
