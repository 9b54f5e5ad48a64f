import { CreateUserBody, PASSWORD_MIN_LENGTH, type UserRole } from '@peel/shared';
import { type FormEvent, useState } from 'react';
import { SelectField, TextField } from '../../../components/ui/field';
import { FormAlert, FormStatus } from '../../../components/ui/form-alert';
import { isApiError } from '../../../lib/api';
import {
  errorMessage,
  type FieldErrors,
  fieldErrorsFromError,
  focusFirstError,
  hasFieldErrors,
  validate,
} from '../../../lib/form-errors';
import { useDraft } from '../../../lib/use-draft';
import { useCreateUser } from '../api';
import { ROLE_OPTIONS } from '../labels';

type Draft = { email: string; role: UserRole; displayName: string };

const EMPTY_DRAFT: Draft = { email: '', role: 'annotator', displayName: '' };

/**
 * Creates a user. What is typed (except the password) is kept as a draft, so it survives a
 * session expiry and the trip through the login page; a successful create clears it.
 */
export function CreateUserForm() {
  const createUser = useCreateUser();
  const [draft, setDraft, clearDraft] = useDraft<Draft>('admin/create-user', EMPTY_DRAFT);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<string | null>(null);

  const set =
    <K extends keyof Draft>(field: K) =>
    (value: Draft[K]) =>
      setDraft((previous) => ({ ...previous, [field]: value }));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (createUser.isPending) return;
    const form = event.currentTarget;
    setCreated(null);
    const checked = validate(CreateUserBody, {
      email: draft.email,
      role: draft.role,
      password,
      displayName: draft.displayName.trim() === '' ? undefined : draft.displayName,
    });
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirstError(form, checked.errors);
      return;
    }
    setErrors({});
    createUser.mutate(checked.data, {
      onSuccess: () => {
        clearDraft();
        setPassword('');
        setCreated(checked.data.email);
      },
      onError: (error) => {
        const fromServer = isApiError(error, 'CONFLICT')
          ? { email: 'A user with this email already exists' }
          : fieldErrorsFromError(error);
        setErrors(fromServer);
        focusFirstError(form, fromServer);
      },
    });
  }

  const alert = hasFieldErrors(errors)
    ? 'Check the highlighted fields.'
    : createUser.error
      ? errorMessage(createUser.error)
      : null;

  return (
    <form className="form form-wide" onSubmit={handleSubmit} noValidate aria-label="Add a user">
      {alert ? <FormAlert>{alert}</FormAlert> : null}
      {created ? (
        <FormStatus>
          Created {created}. Give them the initial password over a channel you trust.
        </FormStatus>
      ) : null}
      <div className="form-grid">
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          value={draft.email}
          onChange={set('email')}
          error={errors.email}
          required
        />
        <TextField
          label="Display name (optional)"
          name="displayName"
          autoComplete="off"
          value={draft.displayName}
          onChange={set('displayName')}
          error={errors.displayName}
        />
        <SelectField
          label="Role"
          name="role"
          value={draft.role}
          onChange={set('role')}
          options={ROLE_OPTIONS}
          error={errors.role}
        />
        <TextField
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. Not kept in the draft.`}
          error={errors.password}
          required
        />
      </div>
      <button type="submit" className="button button-primary" disabled={createUser.isPending}>
        {createUser.isPending ? 'Creating…' : 'Create user'}
      </button>
    </form>
  );
}
