import { LoginBody } from '@peel/shared';
import { type FormEvent, useState } from 'react';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { isApiError } from '../../../lib/api';
import {
  errorMessage,
  type FieldErrors,
  fieldErrorsFromError,
  focusFirstError,
  hasFieldErrors,
  validate,
} from '../../../lib/form-errors';
import { useLogin } from '../api';

/** Email + password. On success the session query holds the user; the page decides where to go. */
export function LoginForm() {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (login.isPending) return;
    const form = event.currentTarget;
    const checked = validate(LoginBody, { email, password });
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirstError(form, checked.errors);
      return;
    }
    setErrors({});
    login.mutate(checked.data, {
      onError: (error) => {
        const fromServer = fieldErrorsFromError(error);
        setErrors(fromServer);
        focusFirstError(form, fromServer);
      },
    });
  }

  const alert = login.error
    ? loginErrorMessage(login.error)
    : hasFieldErrors(errors)
      ? 'Check the highlighted fields.'
      : null;

  return (
    <form className="form" onSubmit={handleSubmit} noValidate aria-label="Sign in">
      {alert ? <FormAlert>{alert}</FormAlert> : null}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        value={email}
        onChange={setEmail}
        error={errors.email}
        required
        autoFocus
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={errors.password}
        required
      />
      <button type="submit" className="button button-primary" disabled={login.isPending}>
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

function loginErrorMessage(error: unknown): string {
  // The server answers the same 401 for an unknown email and a wrong password, on purpose.
  if (isApiError(error, 'UNAUTHENTICATED')) return 'The email or password is not correct.';
  return errorMessage(error);
}
