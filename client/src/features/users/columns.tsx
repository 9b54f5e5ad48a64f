import { type UserResponse } from '@peel/shared';
import { createDataColumnHelper } from '../../components/ui/data-table';
import { formatDate, formatDateTime, formatRelative } from '../../lib/format';
import { ROLE_LABELS } from './labels';

export type UserRowActions = {
  currentUserId: number;
  /** The user whose activation change is in flight, if any. */
  pendingUserId: number | null;
  onSetActive: (user: UserResponse, active: boolean) => void;
  onResetPassword: (user: UserResponse) => void;
};

const helper = createDataColumnHelper<UserResponse>();

export function userColumns(actions: UserRowActions) {
  return helper.columns([
    helper.accessor('email', {
      header: 'User',
      cell: ({ row }) => (
        <div className="user-cell">
          <span className="user-email">{row.original.email}</span>
          {row.original.displayName ? (
            <span className="muted">{row.original.displayName}</span>
          ) : null}
          {row.original.id === actions.currentUserId ? <span className="badge">You</span> : null}
        </div>
      ),
    }),
    helper.accessor('role', {
      header: 'Role',
      cell: (info) => ROLE_LABELS[info.getValue()],
    }),
    helper.accessor('active', {
      header: 'Status',
      cell: ({ row }) => (
        <div className="status-cell">
          {row.original.active ? (
            <span className="badge badge-ok">Active</span>
          ) : (
            <span className="badge badge-off">Deactivated</span>
          )}
          {row.original.mustChangePassword ? (
            <span className="badge badge-warn">Must change password</span>
          ) : null}
        </div>
      ),
    }),
    helper.accessor('lastActiveAt', {
      header: 'Last active',
      cell: (info) => {
        const iso = info.getValue();
        if (!iso) return <span className="muted">Never</span>;
        return (
          <time dateTime={iso} title={formatDateTime(iso)}>
            {formatRelative(iso)}
          </time>
        );
      },
    }),
    helper.accessor('createdAt', {
      header: 'Created',
      cell: (info) => <time dateTime={info.getValue()}>{formatDate(info.getValue())}</time>,
    }),
    helper.display({
      id: 'actions',
      header: 'Actions',
      cell: ({ row }) => <UserActions user={row.original} actions={actions} />,
    }),
  ]);
}

type UserActionsProps = { user: UserResponse; actions: UserRowActions };

function UserActions({ user, actions }: UserActionsProps) {
  const isSelf = user.id === actions.currentUserId;
  const pending = actions.pendingUserId === user.id;
  return (
    <div className="row-actions">
      <button
        type="button"
        className="button button-small"
        onClick={() => actions.onResetPassword(user)}
        aria-label={`Reset password for ${user.email}`}
      >
        Reset password
      </button>
      {isSelf ? null : (
        <button
          type="button"
          className={user.active ? 'button button-small button-danger' : 'button button-small'}
          onClick={() => actions.onSetActive(user, !user.active)}
          disabled={pending}
          aria-label={`${user.active ? 'Deactivate' : 'Reactivate'} ${user.email}`}
        >
          {pending ? 'Saving…' : user.active ? 'Deactivate' : 'Reactivate'}
        </button>
      )}
    </div>
  );
}
