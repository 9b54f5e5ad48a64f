import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BatchDashboardController } from './batch-dashboard.controller';
import { BatchDashboardService } from './batch-dashboard.service';
import { BatchEntity } from './batch.entity';
import { BatchesController } from './batches.controller';
import { BatchesService } from './batches.service';

@Module({
  imports: [TypeOrmModule.forFeature([BatchEntity])],
  controllers: [BatchesController, BatchDashboardController],
  providers: [BatchesService, BatchDashboardService],
  exports: [BatchesService],
})
export class BatchesModule {}
