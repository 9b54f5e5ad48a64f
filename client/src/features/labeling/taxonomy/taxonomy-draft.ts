import { type EditTypeLabel, type TaxonomyAnswers } from '@peel/shared';
import { REASON_MAX_CHARS } from '../limits';

export type TaxonomyDecision = TaxonomyAnswers['decision'];

export type TaxonomyDraft = {
  decision: TaxonomyDecision | null;
  /** The type picked when the decision is `change`. */
  editType: EditTypeLabel | null;
  garbled: boolean;
  reason: string;
};

export function emptyTaxonomy(): TaxonomyDraft {
  return { decision: null, editType: null, garbled: false, reason: '' };
}

/** Picking a type: the current label itself is a confirmation, any other a change. */
export function pickType(
  draft: TaxonomyDraft,
  label: EditTypeLabel,
  current: string,
): TaxonomyDraft {
  if (label === current) return { ...draft, decision: 'confirm', editType: null };
  return { ...draft, decision: 'change', editType: label };
}

export function toTaxonomyAnswers(draft: TaxonomyDraft): TaxonomyAnswers | null {
  if (draft.decision === null) return null;
  if (draft.decision === 'change' && draft.editType === null) return null;
  const reason = draft.reason.trim().slice(0, REASON_MAX_CHARS);
  return {
    decision: draft.decision,
    ...(draft.decision === 'change' && draft.editType ? { editType: draft.editType } : {}),
    garbledShortInstruction: draft.garbled,
    ...(reason ? { reason } : {}),
  };
}

export function fromTaxonomyAnswers(answers: TaxonomyAnswers): TaxonomyDraft {
  return {
    decision: answers.decision,
    editType: answers.editType ?? null,
    garbled: answers.garbledShortInstruction,
    reason: answers.reason ?? '',
  };
}
