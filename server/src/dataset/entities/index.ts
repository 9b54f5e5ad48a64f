import { DatasetImportEntity } from './dataset-import.entity';
import { EditPairEntity } from './edit-pair.entity';
import { EditEntity } from './edit.entity';
import { MtSessionEntity, MtTurnEntity } from './mt-session.entity';
import { SourceImageEntity } from './source-image.entity';
import { EditCategoryEntity, EditTypeEntity } from './taxonomy.entity';

export {
  DatasetImportEntity,
  EditCategoryEntity,
  EditEntity,
  EditPairEntity,
  EditTypeEntity,
  MtSessionEntity,
  MtTurnEntity,
  SourceImageEntity,
};

export const DATASET_ENTITIES = [
  EditCategoryEntity,
  EditTypeEntity,
  SourceImageEntity,
  DatasetImportEntity,
  EditEntity,
  EditPairEntity,
  MtSessionEntity,
  MtTurnEntity,
];
