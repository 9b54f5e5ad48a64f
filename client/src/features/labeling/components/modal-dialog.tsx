import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef } from 'react';

type ModalDialogProps = {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  onKeyDown?: (event: KeyboardEvent<HTMLDialogElement>) => void;
};

/**
 * A native modal dialog: focus stays inside, the page behind is inert, Esc closes. Focus starts
 * on the element marked `data-autofocus`, if any.
 */
export function ModalDialog({ title, onClose, children, className, onKeyDown }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || dialog.open) return;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    // showModal focuses the first control (Close); a dialog may name a better start.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (typeof dialog.close === 'function') dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={className ? `modal ${className}` : 'modal'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={onKeyDown}
    >
      <div className="modal-header">
        <h2 className="section-title" id={titleId}>
          {title}
        </h2>
        <button type="button" className="button button-small" onClick={onClose}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
      {children}
    </dialog>
  );
}
