import { z } from 'zod';
import { DISPLAY_NAME_MAX_LENGTH, USER_ROLES } from './constants';
import { Email, NewPassword } from './fields';

export const UserRole = z.enum(USER_ROLES, 'Choose admin or annotator');
export type UserRole = z.infer<typeof UserRole>;

/** A user as the API shows it: never the password hash, never session data. */
export const UserResponse = z.object({
  id: z.number().int().positive(),
  email: z.string(),
  role: UserRole,
  displayName: z.string().nullable(),
  active: z.boolean(),
  /** Set by an admin's password reset (and for seeded accounts); cleared by a password change. */
  mustChangePassword: z.boolean(),
  /** ISO 8601 timestamps. */
  createdAt: z.string(),
  lastActiveAt: z.string().nullable(),
});
export type UserResponse = z.infer<typeof UserResponse>;

/** `GET /api/users` (admin) */
export const UserListResponse = z.object({ items: z.array(UserResponse) });
export type UserListResponse = z.infer<typeof UserListResponse>;

/** `POST /api/users` (admin). A duplicate email is a 409 `CONFLICT`. */
export const CreateUserBody = z.strictObject({
  email: Email,
  role: UserRole,
  password: NewPassword,
  displayName: z
    .string()
    .trim()
    .min(1, 'Leave the name empty or enter at least one character')
    .max(DISPLAY_NAME_MAX_LENGTH, `Use at most ${DISPLAY_NAME_MAX_LENGTH} characters`)
    .optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

/**
 * `POST /api/users/:id/reset-password` (admin). The user must change the password at next
 * sign-in, so the admin never knows a password that stays in use.
 */
export const ResetPasswordBody = z.strictObject({ newPassword: NewPassword });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

/** `:id` in `/api/users/:id/...` */
export const UserIdParam = z.coerce.number().int().positive().max(2_147_483_647);

/** `PATCH /api/users/:id` (admin): change the role or the display name. */
export const UpdateUserBody = z
  .object({
    role: UserRole.optional(),
    displayName: z
      .string()
      .trim()
      .max(DISPLAY_NAME_MAX_LENGTH, `Use at most ${DISPLAY_NAME_MAX_LENGTH} characters`)
      .transform((name) => (name === '' ? null : name))
      .nullable()
      .optional(),
  })
  .strict()
  .refine((body) => body.role !== undefined || body.displayName !== undefined, {
    error: 'Change the role or the display name',
  });
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;
