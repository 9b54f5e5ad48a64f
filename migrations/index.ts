import { CreateDataset1764236400000 } from './1764236400000-CreateDataset';
import { CreateAccounts1795778183964 } from './1795778183964-CreateAccounts';
import { CreateQueue1795778761297 } from './1795778761297-CreateQueue';
import { CreateBatchCounters1795780666736 } from './1795780666736-CreateBatchCounters';
import { CreateExportSnapshots1795781692874 } from './1795781692874-CreateExportSnapshots';
import { CreateAgreementCache1795782067529 } from './1795782067529-CreateAgreementCache';
import { CreateAdjudications1795785837602 } from './1795785837602-CreateAdjudications';
import { AddConsoleIndexes1795785982511 } from './1795785982511-AddConsoleIndexes';
import { TrackExportJobs1795786231155 } from './1795786231155-TrackExportJobs';
import { AddDatasetBrowserIndexes1795786280409 } from './1795786280409-AddDatasetBrowserIndexes';
import { CreateQueueFunctions1795786497509 } from './1795786497509-CreateQueueFunctions';
import { CountRaterJudgments1795786600000 } from './1795786600000-CountRaterJudgments';
import { KeyLiveLeasesByRater1795786700000 } from './1795786700000-KeyLiveLeasesByRater';
import { PlanQueueViewsOnce1795786800000 } from './1795786800000-PlanQueueViewsOnce';
import { FenceProgressHeldItems1795786900000 } from './1795786900000-FenceProgressHeldItems';

/** Every migration, in order. `npm run peel -- migration:generate <VerbName>` adds new ones here. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  CreateDataset1764236400000,
  CreateAccounts1795778183964,
  CreateQueue1795778761297,
  CreateBatchCounters1795780666736,
  CreateExportSnapshots1795781692874,
  CreateAgreementCache1795782067529,
  CreateAdjudications1795785837602,
  AddConsoleIndexes1795785982511,
  TrackExportJobs1795786231155,
  AddDatasetBrowserIndexes1795786280409,
  CreateQueueFunctions1795786497509,
  CountRaterJudgments1795786600000,
  KeyLiveLeasesByRater1795786700000,
  PlanQueueViewsOnce1795786800000,
  FenceProgressHeldItems1795786900000,
];
