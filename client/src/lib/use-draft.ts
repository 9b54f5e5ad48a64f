import { useCallback, useState } from 'react';

/**
 * Form drafts kept in sessionStorage (this tab only), so typed work survives a session expiry
 * and the trip through the login page. Never put secrets (passwords) in a draft.
 *
 * Drafts belong to the user who typed them: signing in as someone else in the same tab drops
 * them (`claimDrafts`), and signing out drops them (`clearDrafts`).
 */
const PREFIX = 'peel:draft:';
const OWNER_KEY = 'peel:draft-owner';

type SetDraft<T> = (next: T | ((previous: T) => T)) => void;

export function useDraft<T>(key: string, initial: T): [T, SetDraft<T>, () => void] {
  const storageKey = PREFIX + key;
  // The first `initial` is the one clearing returns to (callers pass a fresh literal each render).
  const [initialValue] = useState(initial);
  const [value, setValue] = useState<T>(() => readDraft(storageKey, initial));

  const setDraft = useCallback<SetDraft<T>>(
    (next) => {
      setValue((previous) => {
        const resolved = typeof next === 'function' ? (next as (p: T) => T)(previous) : next;
        writeStorage(storageKey, JSON.stringify(resolved));
        return resolved;
      });
    },
    [storageKey],
  );

  const clearDraft = useCallback(() => {
    removeStorage(storageKey);
    setValue(initialValue);
  }, [storageKey, initialValue]);

  return [value, setDraft, clearDraft];
}

/** Call on every successful sign-in: drafts of a different user in this tab are dropped. */
export function claimDrafts(userId: number): void {
  const owner = readStorage(OWNER_KEY);
  if (owner !== null && owner !== String(userId)) clearDrafts();
  writeStorage(OWNER_KEY, String(userId));
}

export function clearDrafts(): void {
  try {
    const keys: string[] = [];
    for (let i = 0; i < sessionStorage.length; i += 1) {
      const key = sessionStorage.key(i);
      if (key?.startsWith(PREFIX)) keys.push(key);
    }
    for (const key of keys) sessionStorage.removeItem(key);
    sessionStorage.removeItem(OWNER_KEY);
  } catch {
    // Storage unavailable (privacy mode): there is nothing to clear.
  }
}

/** A stored draft outside a form (e.g. the labeling screen's unsent answers), or null. */
export function loadDraft<T>(key: string): T | null {
  const raw = readStorage(PREFIX + key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, value: unknown): void {
  writeStorage(PREFIX + key, JSON.stringify(value));
}

export function removeDraft(key: string): void {
  removeStorage(PREFIX + key);
}

function readDraft<T>(storageKey: string, initial: T): T {
  const raw = readStorage(storageKey);
  if (raw === null) return initial;
  try {
    const stored = JSON.parse(raw) as unknown;
    // A stored object is laid over the initial one, so fields added since it was saved get defaults.
    if (isPlainObject(initial) && isPlainObject(stored)) return { ...initial, ...stored } as T;
    return typeof stored === typeof initial ? (stored as T) : initial;
  } catch {
    return initial;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readStorage(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // Full or unavailable storage: the draft lives in memory only, the form keeps working.
  }
}

function removeStorage(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // See writeStorage.
  }
}
