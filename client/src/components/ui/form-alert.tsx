import { type ReactNode } from 'react';

type FormAlertProps = { children: ReactNode };

/** A form-level error, read out as soon as it appears. Render it only when there is an error. */
export function FormAlert({ children }: FormAlertProps) {
  return (
    <div className="alert alert-error" role="alert">
      {children}
    </div>
  );
}

type FormStatusProps = { children: ReactNode };

/** A polite success or progress note (e.g. "User created"). */
export function FormStatus({ children }: FormStatusProps) {
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  );
}
