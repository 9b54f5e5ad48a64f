import { Module } from '@nestjs/common';
import { TaskViewRepository } from '../queue/task-view.repository';
import { AdjudicationController } from './adjudication.controller';
import { AdjudicationService } from './adjudication.service';
import { ItemDetailRepository } from './item-detail.repository';

@Module({
  controllers: [AdjudicationController],
  providers: [AdjudicationService, ItemDetailRepository, TaskViewRepository],
})
export class AdjudicationModule {}
