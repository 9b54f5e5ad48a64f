import { Module } from '@nestjs/common';
import { IngestService } from './ingest/ingest.service';

@Module({
  providers: [IngestService],
  exports: [IngestService],
})
export class DatasetModule {}
