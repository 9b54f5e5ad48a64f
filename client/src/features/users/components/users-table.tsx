import { type UserResponse } from '@peel/shared';
import { useMemo } from 'react';
import { DataTable } from '../../../components/ui/data-table';
import { PageError, PageLoading } from '../../../components/ui/page-state';
import { errorMessage } from '../../../lib/form-errors';
import { useCurrentUser } from '../../auth/use-session';
import { useSetUserActive, useUsers } from '../api';
import { userColumns } from '../columns';
import { type UserNotice } from '../labels';

type UsersTableProps = {
  onResetPassword: (user: UserResponse) => void;
  onNotice: (notice: UserNotice) => void;
};

const userRowId = (user: UserResponse) => String(user.id);

export function UsersTable({ onResetPassword, onNotice }: UsersTableProps) {
  const currentUser = useCurrentUser();
  const users = useUsers();
  const { mutate: setUserActive, isPending, variables } = useSetUserActive();
  const pendingUserId = isPending && variables ? variables.id : null;

  const columns = useMemo(
    () =>
      userColumns({
        currentUserId: currentUser.id,
        pendingUserId,
        onResetPassword,
        onSetActive: (user, active) =>
          setUserActive(
            { id: user.id, active },
            {
              onSuccess: () =>
                onNotice({
                  tone: 'success',
                  text: active
                    ? `${user.email} is active again and can sign in.`
                    : `${user.email} is deactivated: signed out and unable to sign in.`,
                }),
              onError: (error) => onNotice({ tone: 'error', text: errorMessage(error) }),
            },
          ),
      }),
    [currentUser.id, pendingUserId, onResetPassword, onNotice, setUserActive],
  );

  if (users.isPending) return <PageLoading label="Loading users…" />;
  if (users.isError) {
    return (
      <PageError
        title="Users could not be loaded"
        message={errorMessage(users.error)}
        onRetry={() => void users.refetch()}
      />
    );
  }

  return (
    <DataTable
      caption="All users"
      captionHidden
      columns={columns}
      data={users.data.items}
      getRowId={userRowId}
      empty="No users yet."
    />
  );
}
