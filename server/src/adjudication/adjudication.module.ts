import { Module } from '@nestjs/common';
import { TaskViewRepository } from '../queue/task-view.repository';
import { AdjudicationController } from './adjudication.controller';
import { AdjudicationService } from './adjudication.service';

@Module({
  controllers: [AdjudicationController],
  providers: [AdjudicationService, TaskViewRepository],
})
export class AdjudicationModule {}
