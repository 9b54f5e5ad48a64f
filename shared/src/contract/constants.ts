/**
 * Plain values of the contract, kept apart from the zod schemas so that code needing only these
 * (the client's fetch wrapper, page hints) does not pull zod into its bundle.
 */

/** Shortest password the server accepts for a new or changed password. */
export const PASSWORD_MIN_LENGTH = 10;
/** Longest password accepted anywhere (bounds the hashing cost of a request). */
export const PASSWORD_MAX_LENGTH = 1024;
/** Longest email address accepted (RFC 5321 path limit). */
export const EMAIL_MAX_LENGTH = 254;
export const DISPLAY_NAME_MAX_LENGTH = 100;

export const USER_ROLES = ['admin', 'annotator'] as const;

/** Double-submit CSRF: the readable cookie the server sets and the header every non-GET echoes. */
export const CSRF_COOKIE_NAME = 'peel_csrf';
export const CSRF_HEADER_NAME = 'X-CSRF-Token';
