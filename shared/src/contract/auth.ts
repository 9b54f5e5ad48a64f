import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from './constants';
import { Email, NewPassword } from './fields';
import { UserResponse } from './users';

/** `POST /api/auth/login` */
export const LoginBody = z.strictObject({
  email: Email,
  password: z.string().min(1, 'Enter your password').max(PASSWORD_MAX_LENGTH),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** `POST /api/auth/password`: the signed-in user changes their own password. */
export const ChangePasswordBody = z
  .strictObject({
    currentPassword: z.string().min(1, 'Enter your current password').max(PASSWORD_MAX_LENGTH),
    newPassword: NewPassword,
  })
  .refine((body) => body.newPassword !== body.currentPassword, {
    path: ['newPassword'],
    error: 'Choose a password different from the current one',
  });
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

/** `POST /api/auth/login` and `GET /api/auth/me` answer with the signed-in user. */
export const MeResponse = z.object({ user: UserResponse });
export type MeResponse = z.infer<typeof MeResponse>;

/** `GET /api/auth/csrf`: sets the `peel_csrf` cookie and returns the same value. */
export const CsrfTokenResponse = z.object({ token: z.string().min(1) });
export type CsrfTokenResponse = z.infer<typeof CsrfTokenResponse>;
