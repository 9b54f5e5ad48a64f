import { Module } from '@nestjs/common';
import { IngestService } from './ingest/ingest.service';
import { PairsController } from './pairs.controller';

@Module({
  controllers: [PairsController],
  providers: [IngestService],
  exports: [IngestService],
})
export class DatasetModule {}
