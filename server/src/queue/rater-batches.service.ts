import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type RaterBatchSummary, type RaterProgress } from '@peel/shared';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { ProgressRepository } from './progress.repository';

/** What a rater sees of batches: the ones open to them, their progress, image reports. */
@Injectable()
export class RaterBatchesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly progressRepository: ProgressRepository,
    private readonly audit: AuditService,
  ) {}

  async open(raterId: number): Promise<RaterBatchSummary[]> {
    const batches: {
      id: number;
      name: string;
      task_type: RaterBatchSummary['taskType'];
      status: string;
      guidelines: string;
    }[] = await this.dataSource.query(
      `SELECT b.id, b.name, b.task_type, b.status, b.guidelines FROM batch b
          WHERE b.status IN ('active', 'paused')
            AND (b.all_raters OR EXISTS (SELECT 1 FROM batch_rater r
                                          WHERE r.batch_id = b.id AND r.user_id = $1 AND r.allowed))
          ORDER BY b.id`,
      [raterId],
    );
    const out: RaterBatchSummary[] = [];
    for (const batch of batches) {
      out.push({
        id: batch.id,
        name: batch.name,
        taskType: batch.task_type,
        status: batch.status,
        guidelines: batch.guidelines,
        progress: await this.progressRepository.progress(
          this.dataSource.manager,
          batch.id,
          raterId,
        ),
      });
    }
    return out;
  }

  async progress(batchId: number, raterId: number): Promise<RaterProgress> {
    const [batch] = await this.dataSource.query('SELECT id FROM batch WHERE id = $1', [batchId]);
    if (!batch) throw new DomainError('NOT_FOUND', `No batch with id ${batchId}`);
    return this.progressRepository.progress(this.dataSource.manager, batchId, raterId);
  }

  async reportBrokenImage(
    raterId: number,
    url: string,
    assignmentId: number | undefined,
    ip: string | null,
  ) {
    await this.audit.record({
      action: 'image.reported_broken',
      actorId: raterId,
      targetType: assignmentId ? 'assignment' : 'image',
      targetId: assignmentId ?? url.slice(0, 500),
      ip,
      details: { url: url.slice(0, 2000) },
    });
  }
}
