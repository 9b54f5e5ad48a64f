import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormStatus } from '../components/ui/form-alert';
import { ChangePasswordForm } from '../features/auth/components/change-password-form';
import { useCurrentUser } from '../features/auth/use-session';

/**
 * Change your own password. After an admin reset (`mustChangePassword`) the shell keeps the user
 * here until it is done, then they go on to their start page.
 */
export function AccountPasswordPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [forced] = useState(user.mustChangePassword);
  const [changed, setChanged] = useState(false);

  return (
    <section className="narrow" aria-labelledby="password-title">
      <title>Change password · Peel</title>
      <h1 className="page-title" id="password-title">
        Change password
      </h1>
      {forced ? (
        <p className="alert alert-info">
          An administrator set your password. Choose your own before you continue.
        </p>
      ) : null}
      {changed ? <FormStatus>Your password has been changed.</FormStatus> : null}
      <ChangePasswordForm
        autoFocus={forced}
        onChanged={() => {
          if (forced) navigate('/', { replace: true });
          else setChanged(true);
        }}
      />
    </section>
  );
}
