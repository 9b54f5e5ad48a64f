import { PASSWORD_MIN_LENGTH, ResetPasswordBody, type UserResponse } from '@peel/shared';
import { type FormEvent, useState } from 'react';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import {
  errorMessage,
  type FieldErrors,
  fieldErrorsFromError,
  focusFirstError,
  hasFieldErrors,
  validate,
} from '../../../lib/form-errors';
import { useResetPassword } from '../api';

type ResetPasswordFormProps = {
  user: UserResponse;
  onDone: (user: UserResponse) => void;
  onCancel: () => void;
};

/** An admin sets a temporary password; the user has to change it at their next sign-in. */
export function ResetPasswordForm({ user, onDone, onCancel }: ResetPasswordFormProps) {
  const resetPassword = useResetPassword();
  const [newPassword, setNewPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (resetPassword.isPending) return;
    const form = event.currentTarget;
    const checked = validate(ResetPasswordBody, { newPassword });
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirstError(form, checked.errors);
      return;
    }
    setErrors({});
    resetPassword.mutate(
      { id: user.id, body: checked.data },
      {
        onSuccess: () => onDone(user),
        onError: (error) => {
          const fromServer = fieldErrorsFromError(error);
          setErrors(fromServer);
          focusFirstError(form, fromServer);
        },
      },
    );
  }

  const alert = hasFieldErrors(errors)
    ? 'Check the highlighted field.'
    : resetPassword.error
      ? errorMessage(resetPassword.error)
      : null;

  return (
    <form
      className="form panel"
      onSubmit={handleSubmit}
      noValidate
      aria-labelledby="reset-password-title"
    >
      <h2 className="section-title" id="reset-password-title">
        Reset password for {user.email}
      </h2>
      <p className="muted">
        They will have to choose a new password the next time they sign in. Give them this one over
        a channel you trust.
      </p>
      {alert ? <FormAlert>{alert}</FormAlert> : null}
      <TextField
        label="Temporary password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        value={newPassword}
        onChange={setNewPassword}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors.newPassword}
        required
        autoFocus
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={resetPassword.isPending}>
          {resetPassword.isPending ? 'Resetting…' : 'Reset password'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
