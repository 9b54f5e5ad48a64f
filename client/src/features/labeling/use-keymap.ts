import { type TaskType } from '@peel/shared';
import { useEffect, useLayoutEffect, useRef } from 'react';
import {
  findBinding,
  isActivationKey,
  isTypingTarget,
  keyOf,
  type KeyBinding,
  type KeyHandlers,
} from './keymap';

/**
 * Listens on the window and runs the handler of the binding a key press matches in `view`.
 * Nothing fires while focus is in a text field, for chords with Ctrl/Alt/Meta, or for Enter/Space
 * on a focused button or link. Handlers may change every render; the listener stays the same.
 */
export function useKeymap(view: TaskType, handlers: KeyHandlers, enabled = true): void {
  const handlersRef = useRef(handlers);
  useLayoutEffect(() => {
    handlersRef.current = handlers;
  });

  useEffect(() => {
    if (!enabled) return;
    const held = new Map<string, KeyBinding>();
    const release = (key: string) => {
      const binding = held.get(key);
      if (!binding) return;
      held.delete(key);
      handlersRef.current[binding.action]?.(binding.value, true);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      const key = keyOf(event);
      if (key === null || isActivationKey(event.target, event.key)) return;
      const binding = findBinding(view, key);
      const handler = binding && handlersRef.current[binding.action];
      if (!binding || !handler) return;
      event.preventDefault();
      if (binding.hold) {
        if (held.has(plainKey(event))) return;
        held.set(plainKey(event), binding);
      } else if (event.repeat && !binding.repeat) {
        return;
      }
      handler(binding.value, false);
    };
    const onKeyUp = (event: KeyboardEvent) => release(plainKey(event));
    // A held key whose release the page never sees (the window lost focus) is released here.
    const releaseAll = () => [...held.keys()].forEach(release);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', releaseAll);
    return () => {
      releaseAll();
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', releaseAll);
    };
  }, [view, enabled]);
}

/** The key itself, whatever the modifiers (a held key is released with Shift down or not). */
function plainKey(event: KeyboardEvent): string {
  return event.key.length === 1 ? event.key.toLowerCase() : event.key;
}
