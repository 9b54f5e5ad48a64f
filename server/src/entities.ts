import { AuditEventEntity } from './audit/audit-event.entity';
import { DATASET_ENTITIES } from './dataset/entities';
import { UserEntity } from './users/user.entity';

/** Every TypeORM entity: the schema the migrations must match (`migration:check`). */
export const ENTITIES = [...DATASET_ENTITIES, UserEntity, AuditEventEntity];
