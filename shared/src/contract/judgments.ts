import { z } from 'zod';
import { PAIRWISE_CRITERIA } from '../questions';
import { EDIT_TYPE_LABELS, type EditTypeLabel } from '../taxonomy';

export const REASON_MAX_CHARS = 2000;
export const DWELL_MAX_MS = 24 * 60 * 60 * 1000;

const EditTypeLabelSchema = z.enum(EDIT_TYPE_LABELS as [EditTypeLabel, ...EditTypeLabel[]], {
  error: 'Not one of the 35 edit types',
});
const Grade = z.number().int().min(1).max(5);

/**
 * Pairwise answers as the rater gave them on screen: `A` is the edit shown on the left, `B` the
 * one on the right. The server converts them to the pair's own first/second orientation with the
 * presented order it stored for this lease, so screen sides are never stored as answers.
 */
export const ScreenChoice = z.enum(['A', 'B', 'tie']);
export const PairwiseAnswers = z.strictObject({
  overall: z.enum(['A', 'B', 'tie', 'both_bad']),
  criteria: z.strictObject(
    Object.fromEntries(PAIRWISE_CRITERIA.map((criterion) => [criterion, ScreenChoice])) as Record<
      (typeof PAIRWISE_CRITERIA)[number],
      typeof ScreenChoice
    >,
  ),
  reason: z.string().max(REASON_MAX_CHARS).optional(),
});
export type PairwiseAnswers = z.infer<typeof PairwiseAnswers>;

export const TurnAnswers = z.strictObject({
  instruction: Grade,
  consistency: Grade,
  editType: EditTypeLabelSchema,
});

/** `turns` must have one entry per turn of the session (checked against the item). */
export const MultiTurnAnswers = z.strictObject({
  turns: z.array(TurnAnswers).min(1).max(5),
  /** The first turn where the session breaks (1-based), or null when it never does. */
  firstBreak: z.number().int().min(1).max(5).nullable(),
  overall: Grade,
  reason: z.string().max(REASON_MAX_CHARS).optional(),
});
export type MultiTurnAnswers = z.infer<typeof MultiTurnAnswers>;

export const TaxonomyAnswers = z
  .strictObject({
    decision: z.enum(['confirm', 'change', 'ambiguous']),
    /** Required when the decision is `change`. */
    editType: EditTypeLabelSchema.optional(),
    garbledShortInstruction: z.boolean(),
    reason: z.string().max(REASON_MAX_CHARS).optional(),
  })
  .superRefine((answers, ctx) => {
    if (answers.decision === 'change' && !answers.editType) {
      ctx.addIssue({ code: 'custom', path: ['editType'], message: 'Choose the right edit type' });
    }
    if (answers.decision !== 'change' && answers.editType) {
      ctx.addIssue({
        code: 'custom',
        path: ['editType'],
        message: 'Only a change names an edit type',
      });
    }
  });
export type TaxonomyAnswers = z.infer<typeof TaxonomyAnswers>;

export type Answers = PairwiseAnswers | MultiTurnAnswers | TaxonomyAnswers;

/** `POST /api/assignments/:id/judgment`: `answers` is checked against the task type's schema. */
export const SubmitJudgmentBody = z.strictObject({
  submissionId: z.uuid('submissionId must be a UUID'),
  answers: z.unknown(),
  dwellMs: z.number().int().min(0).max(DWELL_MAX_MS),
});
export type SubmitJudgmentBody = z.infer<typeof SubmitJudgmentBody>;

/** `PUT /api/judgments/:id`: the rater revises their own judgment (undo) while the batch is active. */
export const ReviseJudgmentBody = z.strictObject({
  answers: z.unknown(),
  dwellMs: z.number().int().min(0).max(DWELL_MAX_MS).optional(),
});
export type ReviseJudgmentBody = z.infer<typeof ReviseJudgmentBody>;

export const SkipReason = z.enum(['broken_image', 'unclear_instruction', 'cannot_decide', 'other']);
export type SkipReason = z.infer<typeof SkipReason>;

export const SkipBody = z.strictObject({
  reason: SkipReason,
  note: z.string().max(REASON_MAX_CHARS).optional(),
});
export type SkipBody = z.infer<typeof SkipBody>;

export const JudgmentResponse = z.object({
  id: z.number(),
  assignmentId: z.number(),
  batchId: z.number(),
  itemId: z.number(),
  submissionId: z.string(),
  /** As submitted, in screen terms for pairwise (what the rater saw). */
  answers: z.unknown(),
  dwellMs: z.number(),
  createdAt: z.string(),
  revisedAt: z.string().nullable(),
  revision: z.number(),
});
export type JudgmentResponse = z.infer<typeof JudgmentResponse>;
