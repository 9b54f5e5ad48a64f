import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CreatePairBody } from '@peel/shared';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';

type EditFacts = { id: string; source_image_id: string; instruction: string };

/**
 * Admin-made pairs: any two edits of the same source image and instruction, once (in either
 * order). Every impossible pair is a 4xx naming the field: the same edit twice (400), an edit
 * that does not exist (404), another source image or instruction (400), a pair that exists (409).
 */
@Injectable()
export class PairsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(
    body: CreatePairBody,
    actor: { id: number; ip: string | null },
  ): Promise<{ id: number } & CreatePairBody> {
    const { firstEditId, secondEditId } = body;
    if (firstEditId === secondEditId) {
      throw new DomainError('VALIDATION_FAILED', 'A pair needs two different edits', [
        { path: 'secondEditId', message: `Pick an edit other than #${firstEditId}` },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const edits: EditFacts[] = await manager.query(
        `SELECT id, source_image_id, instruction FROM edit WHERE id = ANY($1::bigint[])`,
        [[firstEditId, secondEditId]],
      );
      const byId = new Map(edits.map((edit) => [Number(edit.id), edit]));
      for (const field of ['firstEditId', 'secondEditId'] as const) {
        if (!byId.has(body[field])) {
          throw new DomainError('NOT_FOUND', `No edit with id ${body[field]}`, [
            { path: field, message: `No edit #${body[field]}` },
          ]);
        }
      }
      const first = byId.get(firstEditId)!;
      const second = byId.get(secondEditId)!;
      const differs =
        first.source_image_id !== second.source_image_id
          ? 'source image'
          : first.instruction !== second.instruction
            ? 'instruction'
            : null;
      if (differs) {
        throw new DomainError(
          'VALIDATION_FAILED',
          'The two edits must share the source image and the instruction',
          [
            {
              path: 'secondEditId',
              message: `Edit #${secondEditId} has another ${differs} than edit #${firstEditId}`,
            },
          ],
        );
      }
      // One pair per two edits in either order: concurrent requests for the same two edits wait
      // here for each other (the unique index covers only one order).
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('edit_pair'), $1::int)`, [
        Math.min(firstEditId, secondEditId) % 2_147_483_647,
      ]);
      const [existing]: { id: string }[] = await manager.query(
        `SELECT id FROM edit_pair
          WHERE (first_edit_id = $1 AND second_edit_id = $2) OR (first_edit_id = $2 AND second_edit_id = $1)
          LIMIT 1`,
        [firstEditId, secondEditId],
      );
      if (existing) {
        throw new DomainError(
          'CONFLICT',
          `Edits #${firstEditId} and #${secondEditId} are already pair #${existing.id}`,
          [{ path: 'secondEditId', message: `Already paired with #${firstEditId}` }],
        );
      }
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO edit_pair (first_edit_id, second_edit_id, origin) VALUES ($1, $2, 'admin')
         RETURNING id`,
        [firstEditId, secondEditId],
      );
      await this.audit.record(
        {
          action: 'pair.created',
          actorId: actor.id,
          targetType: 'edit_pair',
          targetId: row.id,
          ip: actor.ip,
        },
        manager,
      );
      return { id: Number(row.id), firstEditId, secondEditId };
    });
  }
}
