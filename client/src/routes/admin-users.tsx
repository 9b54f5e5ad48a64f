import { type UserResponse } from '@peel/shared';
import { useCallback, useState } from 'react';
import { FormAlert, FormStatus } from '../components/ui/form-alert';
import { CreateUserForm } from '../features/users/components/create-user-form';
import { ResetPasswordForm } from '../features/users/components/reset-password-form';
import { UsersTable } from '../features/users/components/users-table';
import { type UserNotice } from '../features/users/labels';

export function AdminUsersPage() {
  const [resetTarget, setResetTarget] = useState<UserResponse | null>(null);
  const [notice, setNotice] = useState<UserNotice | null>(null);

  const startReset = useCallback((user: UserResponse) => {
    setNotice(null);
    setResetTarget(user);
  }, []);

  return (
    <section aria-labelledby="users-title">
      <title>Users · Peel</title>
      <h1 className="page-title" id="users-title">
        Users
      </h1>

      <section className="section" aria-labelledby="add-user-title">
        <h2 className="section-title" id="add-user-title">
          Add a user
        </h2>
        <CreateUserForm />
      </section>

      <section className="section" aria-labelledby="all-users-title">
        <h2 className="section-title" id="all-users-title">
          All users
        </h2>
        {notice?.tone === 'success' ? <FormStatus>{notice.text}</FormStatus> : null}
        {notice?.tone === 'error' ? <FormAlert>{notice.text}</FormAlert> : null}
        {resetTarget ? (
          <ResetPasswordForm
            key={resetTarget.id}
            user={resetTarget}
            onCancel={() => setResetTarget(null)}
            onDone={(user) => {
              setResetTarget(null);
              setNotice({
                tone: 'success',
                text: `Password reset for ${user.email}. They must change it when they next sign in.`,
              });
            }}
          />
        ) : null}
        <UsersTable onResetPassword={startReset} onNotice={setNotice} />
      </section>
    </section>
  );
}
