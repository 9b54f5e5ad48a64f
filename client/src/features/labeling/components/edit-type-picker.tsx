import { EDIT_CATEGORIES, type EditTypeLabel } from '@peel/shared';
import { type KeyboardEvent, useEffect, useId, useMemo, useState } from 'react';

type EditTypePickerProps = {
  title: string;
  /** Highlighted first and marked (the current label or the turn's earlier pick). */
  current: string | null;
  onPick: (label: EditTypeLabel) => void;
  onClose: () => void;
};

type Group = { id: string; name: string; labels: EditTypeLabel[] };
type IndexedGroup = Group & { first: number };

/** Type-ahead over the 35 edit types, grouped by their 8 categories. */
export function EditTypePicker({ title, current, onPick, onClose }: EditTypePickerProps) {
  const id = useId();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => withOffsets(filterTypes(query)), [query]);
  const flat = useMemo(() => groups.flatMap((group) => group.labels), [groups]);
  const [active, setActive] = useState(() => Math.max(0, flat.indexOf(current as EditTypeLabel)));
  const activeIndex = Math.min(active, Math.max(0, flat.length - 1));
  const optionId = (index: number) => `${id}-option-${index}`;

  useEffect(() => {
    document.getElementById(`${id}-option-${activeIndex}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [id, activeIndex]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 5, PageUp: -5 };
    if (event.key in moves) {
      event.preventDefault();
      setActive(Math.min(flat.length - 1, Math.max(0, activeIndex + moves[event.key])));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (flat[activeIndex]) onPick(flat[activeIndex]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  return (
    <div className="picker-backdrop" onMouseDown={onClose}>
      <div
        className="picker"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        onMouseDown={(event) => event.stopPropagation()}
      >
        <h2 className="section-title" id={`${id}-title`}>
          {title}
        </h2>
        <input
          className="input"
          role="combobox"
          aria-label="Search the edit types"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-activedescendant={flat.length > 0 ? optionId(activeIndex) : undefined}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          placeholder="Type to search: colour, remove, text, style…"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <p className="field-hint">↑ ↓ to move, Enter to pick, Esc to close.</p>
        <div className="picker-list" role="listbox" id={`${id}-list`} aria-label="Edit types">
          {groups.length === 0 ? <p className="muted">No edit type matches “{query}”.</p> : null}
          {groups.map((group) => (
            <div key={group.id} role="group" aria-labelledby={`${id}-${group.id}`}>
              <div className="picker-group" id={`${id}-${group.id}`}>
                {group.name}
              </div>
              {group.labels.map((label, offset) => {
                const mine = group.first + offset;
                return (
                  <div
                    key={label}
                    id={optionId(mine)}
                    role="option"
                    aria-selected={mine === activeIndex}
                    className={mine === activeIndex ? 'picker-option is-active' : 'picker-option'}
                    onMouseEnter={() => setActive(mine)}
                    onClick={() => onPick(label)}
                  >
                    {label}
                    {label === current ? <span className="badge">current</span> : null}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

/** Types whose label or category contains every word of the query (case-blind). */
export function filterTypes(query: string): Group[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return EDIT_CATEGORIES.map((category) => ({
    id: category.id,
    name: category.name,
    labels: category.editTypes
      .map((type) => type.label as EditTypeLabel)
      .filter((label) => {
        const text = `${label} ${category.name}`.toLowerCase();
        return words.every((word) => text.includes(word));
      }),
  })).filter((group) => group.labels.length > 0);
}

function withOffsets(groups: Group[]): IndexedGroup[] {
  let first = 0;
  return groups.map((group) => {
    const indexed = { ...group, first };
    first += group.labels.length;
    return indexed;
  });
}
