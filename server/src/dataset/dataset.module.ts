import { Module } from '@nestjs/common';
import { DatasetBrowseRepository } from './browse/dataset-browse.repository';
import { DatasetController } from './browse/dataset.controller';
import { ThumbnailService } from './browse/thumbnails';
import { ImportsController } from './imports/imports.controller';
import { ImportsService } from './imports/imports.service';
import { IngestService } from './ingest/ingest.service';
import { PairsController } from './pairs.controller';
import { PairsService } from './pairs.service';

@Module({
  controllers: [PairsController, DatasetController, ImportsController],
  providers: [
    IngestService,
    DatasetBrowseRepository,
    ThumbnailService,
    ImportsService,
    PairsService,
  ],
  exports: [IngestService],
})
export class DatasetModule {}
