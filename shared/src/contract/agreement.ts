import { z } from 'zod';
import { TASK_TYPES } from '../questions';

/**
 * Agreement, consensus and rater quality of a batch (admin only). Every statistic that can be
 * undefined is `{ value, reason }`: a number with `reason: null`, or `value: null` with the reason
 * (never 0, 1 or NaN in its place).
 */
export const StatisticValue = z.object({
  value: z.number().nullable(),
  reason: z.string().nullable(),
});
export type StatisticValue = z.infer<typeof StatisticValue>;

/** Percentile bootstrap interval of Krippendorff's alpha over items (seeded, reproducible). */
export const AlphaCi = z.object({
  statistic: z.literal('alpha'),
  lower: z.number(),
  upper: z.number(),
  level: z.number(),
  replicates: z.number(),
  seed: z.number(),
  /** Replicates on which alpha was undefined (left out of the percentiles). */
  undefinedReplicates: z.number(),
});
export type AlphaCi = z.infer<typeof AlphaCi>;

/** The agreement of one question over one scope of items (the batch, an edit type, a category). */
export const AgreementStats = z.object({
  /** Items with at least one answer. */
  nItems: z.number(),
  nRaters: z.number(),
  nAnswers: z.number(),
  /** Krippendorff's n: answers on items with two or more answers. */
  nPairable: z.number(),
  /** Krippendorff's alpha at the question's level. */
  alpha: StatisticValue,
  alphaCi: AlphaCi.nullable(),
  alphaCiReason: z.string().nullable(),
  /** Fleiss' kappa (Gwet's generalisation to a varying number of raters per item). */
  fleissKappa: StatisticValue,
  /** Gwet's AC1 with Q = the question's declared categories. */
  ac1: StatisticValue,
  /** Pairwise percent agreement, averaged over items with two or more answers. */
  percentAgreement: StatisticValue,
});
export type AgreementStats = z.infer<typeof AgreementStats>;

export const EditTypeAgreement = z.object({
  editTypeId: z.number(),
  editType: z.string(),
  categoryId: z.string(),
  stats: AgreementStats,
});
export type EditTypeAgreement = z.infer<typeof EditTypeAgreement>;

export const CategoryAgreement = z.object({
  categoryId: z.string(),
  category: z.string(),
  stats: AgreementStats,
});
export type CategoryAgreement = z.infer<typeof CategoryAgreement>;

export const QuestionAgreement = z.object({
  question: z.string(),
  label: z.string(),
  level: z.enum(['nominal', 'ordinal', 'interval', 'ratio']),
  categories: z.array(z.string()),
  all: AgreementStats,
  /** Pairwise: the pair's first edit's type; taxonomy: the edit's current label; null otherwise. */
  byEditType: z.array(EditTypeAgreement).nullable(),
  byCategory: z.array(CategoryAgreement).nullable(),
  /** Why there are no edit-type scopes (multi-turn sessions have no single edit type). */
  scopeReason: z.string().nullable(),
  /** Answers on gold items, left out of agreement and consensus. */
  excludedGoldAnswers: z.number(),
  /** Answers whose value is not one of the declared categories, left out. */
  undeclaredValues: z.number(),
});
export type QuestionAgreement = z.infer<typeof QuestionAgreement>;

/** What every report of a batch carries: which judgments it was computed for. */
const ReportStamp = {
  batchId: z.number(),
  taskType: z.enum(TASK_TYPES),
  /** The batch's judgments now. */
  judgmentCount: z.number(),
  /** The batch's answers version now: judgments plus revisions. */
  answersVersion: z.number(),
  /** The judgments and answers version the report was computed for (cached until it moves). */
  computedForJudgmentCount: z.number(),
  computedForAnswersVersion: z.number(),
  computedAt: z.string(),
};

/** `GET /api/batches/:id/agreement` */
export const AgreementReportResponse = z.object({
  ...ReportStamp,
  method: z.object({
    goldItems: z.literal('excluded'),
    bootstrap: z.object({
      statistic: z.literal('alpha'),
      resampling: z.literal('items'),
      seed: z.number(),
      level: z.number(),
      replicates: z.number(),
      scopeReplicates: z.number(),
    }),
  }),
  questions: z.array(QuestionAgreement),
});
export type AgreementReportResponse = z.infer<typeof AgreementReportResponse>;

export const RaterPairKappa = z.object({
  raterA: z.number(),
  raterB: z.number(),
  sharedItems: z.number(),
  kappa: z.number().nullable(),
  reason: z.string().nullable(),
});
export type RaterPairKappa = z.infer<typeof RaterPairKappa>;

/** Cohen's kappa for every rater pair sharing items: unweighted (nominal) or quadratic (ordinal). */
export const RaterMatrix = z.object({
  question: z.string(),
  weights: z.enum(['unweighted', 'quadratic']),
  raterIds: z.array(z.number()),
  pairs: z.array(RaterPairKappa),
  /** Light's kappa: the mean of the defined pair kappas. */
  mean: StatisticValue,
});
export type RaterMatrix = z.infer<typeof RaterMatrix>;

export const RaterConsensus = z.object({
  question: z.string(),
  answers: z.number(),
  /** Share of the rater's answers equal to the item's Dawid–Skene winner (own vote included). */
  consensusAgreement: StatisticValue,
  /**
   * Share of the rater's answers equal to the majority of the other raters of the item (own vote
   * left out); items where the others tie or where the rater is alone are not counted.
   */
  peerAgreement: StatisticValue,
  peerItems: z.number(),
  /** Dawid–Skene's estimate of P(answer = true class) for this rater. */
  dawidSkeneAccuracy: z.number().nullable(),
});
export type RaterConsensus = z.infer<typeof RaterConsensus>;

export const ProportionEstimate = z.object({
  successes: z.number(),
  trials: z.number(),
  estimate: z.number().nullable(),
  /** 95% Wilson score interval. */
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  reason: z.string().nullable(),
});
export type ProportionEstimate = z.infer<typeof ProportionEstimate>;

/** Pairwise: share of left (A) picks among the rater's A/B picks on `overall`, vs 0.5. */
export const PositionBias = z.object({
  question: z.string(),
  leftPicks: z.number(),
  picks: z.number(),
  share: z.number().nullable(),
  /** Exact two-sided binomial test of share = 0.5. */
  pValue: z.number().nullable(),
  reason: z.string().nullable(),
});
export type PositionBias = z.infer<typeof PositionBias>;

export const RaterQuality = z.object({
  raterId: z.number(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  judgments: z.number(),
  goldAccuracy: ProportionEstimate,
  medianDwellMs: z.number().nullable(),
  positionBias: PositionBias.nullable(),
  consensus: z.array(RaterConsensus),
});
export type RaterQuality = z.infer<typeof RaterQuality>;

/** `GET /api/batches/:id/agreement/raters` */
export const RatersReportResponse = z.object({
  ...ReportStamp,
  raters: z.array(RaterQuality),
  matrices: z.array(RaterMatrix),
});
export type RatersReportResponse = z.infer<typeof RatersReportResponse>;

/** Query of the per-item pages: the question (default: the task type's primary one), keyset. */
export const ItemPageQuery = z.strictObject({
  question: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).max(200).optional(),
});
export type ItemPageQuery = z.infer<typeof ItemPageQuery>;

export const MajorityResult = z.object({
  /** Every category with the top number of votes; two or more is a tie. */
  winners: z.array(z.string()),
  tie: z.boolean(),
});

export const ItemConsensus = z.object({
  itemId: z.number(),
  votes: z.record(z.string(), z.number()),
  nVotes: z.number(),
  majority: MajorityResult,
  dawidSkene: z.object({
    winner: z.string(),
    posterior: z.record(z.string(), z.number()),
    /** Top posterior minus the second one. */
    margin: z.number(),
  }),
  /** Pairwise: the consensus (Dawid–Skene) winner in pair orientation against the dataset's. */
  pair: z
    .object({
      winner: z.string(),
      /** The winner is the dataset's chosen edit (`first`); null for admin-made pairs. */
      agreesWithDataset: z.boolean().nullable(),
      /** The winner is the dataset's rejected edit (`second`); null for admin-made pairs. */
      flipsDataset: z.boolean().nullable(),
    })
    .nullable(),
});
export type ItemConsensus = z.infer<typeof ItemConsensus>;

const PageStamp = {
  ...ReportStamp,
  question: z.string(),
  categories: z.array(z.string()),
  nItems: z.number(),
  nextCursor: z.string().nullable(),
};

/** `GET /api/batches/:id/consensus?question=&limit=&cursor=`: items by id. */
export const ConsensusResponse = z.object({
  ...PageStamp,
  dawidSkene: z.object({
    iterations: z.number(),
    converged: z.boolean(),
    tolerance: z.number(),
  }),
  /** Pairwise questions: how the consensus winners compare with the dataset's chosen edits. */
  datasetComparison: z
    .object({ pairs: z.number(), agrees: z.number(), flipped: z.number(), neither: z.number() })
    .nullable(),
  items: z.array(ItemConsensus),
});
export type ConsensusResponse = z.infer<typeof ConsensusResponse>;

export const DisagreementItem = z.object({
  itemId: z.number(),
  votes: z.record(z.string(), z.number()),
  nVotes: z.number(),
  /** Entropy of the vote shares over ln Q (Q declared categories): 0 unanimous, 1 spread evenly. */
  entropy: z.number(),
  /** (top votes - second votes) / votes. */
  voteMargin: z.number(),
  majority: MajorityResult,
  dawidSkeneWinner: z.string(),
  dawidSkeneMargin: z.number(),
});
export type DisagreementItem = z.infer<typeof DisagreementItem>;

/**
 * `GET /api/batches/:id/disagreements?question=&limit=&cursor=`: items by disagreement, for
 * adjudication: entropy descending, then vote margin ascending, then item id.
 */
export const DisagreementsResponse = z.object({
  ...PageStamp,
  items: z.array(DisagreementItem),
});
export type DisagreementsResponse = z.infer<typeof DisagreementsResponse>;
