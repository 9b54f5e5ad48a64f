import { SetMetadata } from '@nestjs/common';
import { type UserRole } from '@peel/shared';

export const ROLES = 'peel:roles';
export const ALLOW_PENDING_PASSWORD = 'peel:allow-pending-password';

/** Restricts a route (or a controller) to these roles. Without it, any signed-in user may call. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

/** Reachable by a user who must change their password first (me, logout, change password). */
export const AllowPendingPasswordChange = () => SetMetadata(ALLOW_PENDING_PASSWORD, true);
