import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type AgreementReportResponse,
  type ConsensusResponse,
  type DisagreementsResponse,
  IdParam,
  ItemPageQuery,
  type RatersReportResponse,
} from '@peel/shared';
import { Roles } from '../auth/auth.decorators';
import { ZodValidationPipe } from '../common/validation/zod-validation.pipe';
import { AgreementService } from './agreement.service';

const idPipe = new ZodValidationPipe(IdParam);
const pagePipe = new ZodValidationPipe(ItemPageQuery);

/** Agreement, rater quality, consensus and disagreement of a batch: admins only. */
@ApiTags('agreement')
@Roles('admin')
@Controller('batches')
export class AgreementController {
  constructor(private readonly agreement: AgreementService) {}

  @Get(':id/agreement')
  report(@Param('id', idPipe) id: number): Promise<AgreementReportResponse> {
    return this.agreement.agreement(id);
  }

  @Get(':id/agreement/raters')
  raters(@Param('id', idPipe) id: number): Promise<RatersReportResponse> {
    return this.agreement.raters(id);
  }

  @Get(':id/consensus')
  consensus(
    @Param('id', idPipe) id: number,
    @Query(pagePipe) query: ItemPageQuery,
  ): Promise<ConsensusResponse> {
    return this.agreement.consensus(id, query);
  }

  @Get(':id/disagreements')
  disagreements(
    @Param('id', idPipe) id: number,
    @Query(pagePipe) query: ItemPageQuery,
  ): Promise<DisagreementsResponse> {
    return this.agreement.disagreements(id, query);
  }
}
