import { Module } from '@nestjs/common';
import { JudgmentsService } from '../judgments/judgments.service';
import { ClaimRepository } from './claim.repository';
import { ProgressRepository } from './progress.repository';
import { QueueController } from './queue.controller';
import { QueueService } from './queue.service';
import { RaterBatchesService } from './rater-batches.service';
import { TaskViewRepository } from './task-view.repository';

@Module({
  controllers: [QueueController],
  providers: [
    QueueService,
    ClaimRepository,
    TaskViewRepository,
    ProgressRepository,
    RaterBatchesService,
    JudgmentsService,
  ],
  exports: [QueueService, JudgmentsService],
})
export class QueueModule {}
