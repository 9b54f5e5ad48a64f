import { type PipeTransform } from '@nestjs/common';
import { type DatasetList, DatasetPageQuery } from '@peel/shared';
import { ZodValidationPipe } from '../../common/validation/zod-validation.pipe';
import { checkKnownParams, knownParams } from './list-spec';

const pageQuery = new ZodValidationPipe(DatasetPageQuery);

/**
 * The query of one dataset list: a parameter the list does not know is refused by name (an
 * `outcome` on pairs), then the shared schema parses it.
 */
export class DatasetQueryPipe implements PipeTransform<Record<string, unknown>, DatasetPageQuery> {
  /** The parameters the list reads (the security suites check their route tables against it). */
  readonly queryKeys: readonly string[];

  constructor(private readonly list: DatasetList) {
    this.queryKeys = knownParams(list);
  }

  transform(raw: Record<string, unknown>): DatasetPageQuery {
    checkKnownParams(this.list, raw);
    return pageQuery.transform(raw);
  }
}
