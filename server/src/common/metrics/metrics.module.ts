import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';

@Module({
  providers: [
    { provide: Metrics, useFactory: (ds: DataSource) => new Metrics(ds), inject: [DataSource] },
  ],
  controllers: [MetricsController],
  exports: [Metrics],
})
export class MetricsModule {}
