import { AdjudicationAnswerEntity, AdjudicationEntity } from './adjudication/adjudication.entity';
import { AgreementCacheEntity } from './agreement/agreement-cache.entity';
import { AuditEventEntity } from './audit/audit-event.entity';
import { BatchItemEntity } from './batches/batch-item.entity';
import { BatchCounterEntity, BatchEntity, BatchRaterEntity } from './batches/batch.entity';
import { DATASET_ENTITIES } from './dataset/entities';
import { ExportSnapshotEntity } from './exports/export-snapshot.entity';
import { JudgmentAnswerEntity, JudgmentEntity } from './judgments/judgment.entity';
import { AssignmentEntity, AssignmentEventEntity } from './queue/assignment.entity';
import { UserEntity } from './users/user.entity';

/** Every TypeORM entity: the schema the migrations must match (`migration:check`). */
export const ENTITIES = [
  ...DATASET_ENTITIES,
  UserEntity,
  AuditEventEntity,
  BatchEntity,
  BatchRaterEntity,
  BatchCounterEntity,
  BatchItemEntity,
  AssignmentEntity,
  AssignmentEventEntity,
  JudgmentEntity,
  JudgmentAnswerEntity,
  AgreementCacheEntity,
  ExportSnapshotEntity,
  AdjudicationEntity,
  AdjudicationAnswerEntity,
];
