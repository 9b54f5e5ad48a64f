import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type ConsensusResponse,
  type DisagreementsResponse,
  IdParam,
  ItemPageQuery,
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

  /** An `AgreementReportResponse`, sent as the JSON text the cache holds (not re-serialized). */
  @Get(':id/agreement')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({ description: 'AgreementReportResponse' })
  report(@Param('id', idPipe) id: number): Promise<string> {
    return this.agreement.agreementJson(id);
  }

  /** A `RatersReportResponse`, sent as the JSON text the cache holds. */
  @Get(':id/agreement/raters')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({ description: 'RatersReportResponse' })
  raters(@Param('id', idPipe) id: number): Promise<string> {
    return this.agreement.ratersJson(id);
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
