import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PEEL_CONFIG, type PeelConfig } from './common/config/config';
import { dataSourceOptions } from './common/db/data-source';
import { DATABASE_INFO, type DatabaseInfo } from './common/db/database.tokens';
import { ErrorFilter } from './common/errors/error.filter';
import { NoBodyGuard } from './common/http/no-body.guard';
import { AdjudicationModule } from './adjudication/adjudication.module';
import { AgreementModule } from './agreement/agreement.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BatchesModule } from './batches/batches.module';
import { DatasetModule } from './dataset/dataset.module';
import { ExportsModule } from './exports/exports.module';
import { QueueModule } from './queue/queue.module';
import { UsersModule } from './users/users.module';
import { MetricsModule } from './common/metrics/metrics.module';
import { HealthController } from './health/health.controller';

/** The whole application, configured by the config parsed at boot and the resolved database. */
@Module({})
export class AppModule {
  static register(config: PeelConfig, database: DatabaseInfo): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            dataSourceOptions({
              url: database.url,
              readUrl: config.readDatabaseUrl,
              poolSize: config.dbPoolSize,
              applicationName: 'peel-server',
              statementTimeoutMs: config.dbStatementTimeoutMs,
              lockTimeoutMs: config.dbLockTimeoutMs,
            }),
        }),
        AuditModule,
        AuthModule,
        // The queue's routes first: Express tries routes in order, and a rater's claim and
        // submit are most of the requests.
        QueueModule,
        UsersModule,
        DatasetModule,
        BatchesModule,
        AgreementModule,
        AdjudicationModule,
        MetricsModule,
        ExportsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: PEEL_CONFIG, useValue: config },
        { provide: DATABASE_INFO, useValue: database },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_GUARD, useClass: NoBodyGuard },
      ],
      exports: [PEEL_CONFIG, DATABASE_INFO],
    };
  }
}
