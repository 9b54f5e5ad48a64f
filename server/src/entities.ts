import { DATASET_ENTITIES } from './dataset/entities';

/** Every TypeORM entity: the schema the migrations must match (`migration:check`). */
export const ENTITIES = [...DATASET_ENTITIES];
