import { bucketSeconds, fillTimeline } from './batch-dashboard.service';

describe('the progress timeline', () => {
  it('rounds the bucket width up to a whole unit so that the span fits the buckets asked', () => {
    expect(bucketSeconds(0, 60)).toBe(60);
    expect(bucketSeconds(3600, 60)).toBe(60);
    expect(bucketSeconds(3601, 60)).toBe(300);
    expect(bucketSeconds(2 * 3600, 10)).toBe(900);
    expect(bucketSeconds(30 * 86_400, 10)).toBe(7 * 86_400);
    expect(bucketSeconds(400 * 86_400, 10)).toBe(40 * 86_400);
  });

  it('fills empty buckets with zeros and keeps running totals', () => {
    const points = fillTimeline(
      [
        { at: 600, judgments: 2, itemsCompleted: 0 },
        { at: 1800, judgments: 3, itemsCompleted: 1 },
      ],
      600,
    );
    expect(points).toEqual([
      {
        at: new Date(600_000).toISOString(),
        judgments: 2,
        itemsCompleted: 0,
        totalJudgments: 2,
        totalItemsComplete: 0,
      },
      {
        at: new Date(1_200_000).toISOString(),
        judgments: 0,
        itemsCompleted: 0,
        totalJudgments: 2,
        totalItemsComplete: 0,
      },
      {
        at: new Date(1_800_000).toISOString(),
        judgments: 3,
        itemsCompleted: 1,
        totalJudgments: 5,
        totalItemsComplete: 1,
      },
    ]);
    expect(fillTimeline([], 60)).toEqual([]);
  });
});
