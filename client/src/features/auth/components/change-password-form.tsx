import { ChangePasswordBody, PASSWORD_MIN_LENGTH } from '@peel/shared';
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
import { useChangePassword } from '../api';

type ChangePasswordFormProps = {
  onChanged: () => void;
  autoFocus?: boolean;
};

const EMPTY = { currentPassword: '', newPassword: '', confirmPassword: '' };

/** Current password, new password twice. Passwords are never kept in a draft. */
export function ChangePasswordForm({ onChanged, autoFocus }: ChangePasswordFormProps) {
  const changePassword = useChangePassword();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});

  const set = (field: keyof typeof EMPTY) => (value: string) =>
    setValues((previous) => ({ ...previous, [field]: value }));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (changePassword.isPending) return;
    const form = event.currentTarget;
    const checked = validate(ChangePasswordBody, {
      currentPassword: values.currentPassword,
      newPassword: values.newPassword,
    });
    const found: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (!found.newPassword && values.confirmPassword !== values.newPassword) {
      found.confirmPassword = 'The two new passwords do not match';
    }
    if (!checked.ok || hasFieldErrors(found)) {
      setErrors(found);
      focusFirstError(form, found);
      return;
    }
    setErrors({});
    changePassword.mutate(checked.data, {
      onSuccess: () => {
        setValues(EMPTY);
        onChanged();
      },
      onError: (error) => {
        const fromServer = fieldErrorsFromError(error);
        setErrors(fromServer);
        focusFirstError(form, fromServer);
      },
    });
  }

  const alert =
    changePassword.error && !hasFieldErrors(errors)
      ? errorMessage(changePassword.error)
      : hasFieldErrors(errors)
        ? 'Check the highlighted fields.'
        : null;

  return (
    <form className="form" onSubmit={handleSubmit} noValidate aria-label="Change password">
      {alert ? <FormAlert>{alert}</FormAlert> : null}
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        value={values.currentPassword}
        onChange={set('currentPassword')}
        error={errors.currentPassword}
        required
        autoFocus={autoFocus}
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        value={values.newPassword}
        onChange={set('newPassword')}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A long passphrase is easiest to remember.`}
        error={errors.newPassword}
        required
      />
      <TextField
        label="Repeat new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        value={values.confirmPassword}
        onChange={set('confirmPassword')}
        error={errors.confirmPassword}
        required
      />
      <button type="submit" className="button button-primary" disabled={changePassword.isPending}>
        {changePassword.isPending ? 'Saving…' : 'Change password'}
      </button>
    </form>
  );
}
