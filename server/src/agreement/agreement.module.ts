import { Module } from '@nestjs/common';
import { AgreementController } from './agreement.controller';
import { AgreementRepository } from './agreement.repository';
import { AgreementService } from './agreement.service';
import { ConsensusMemo } from './consensus-memo';
import { DawidSkeneWorker } from './dawid-skene-worker';

@Module({
  controllers: [AgreementController],
  providers: [AgreementService, AgreementRepository, ConsensusMemo, DawidSkeneWorker],
  exports: [AgreementService],
})
export class AgreementModule {}
