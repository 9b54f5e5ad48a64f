import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type DatasetImage,
  type DatasetList,
  type DatasetPage,
  type DatasetPageQuery,
  type DatasetTotal,
  type EditDetail,
  type EditRow,
  EDIT_TYPES,
  type ImportRef,
  type ItemJudgment,
  type PairDetail,
  type PairRow,
  type SessionDetail,
  SAME_SOURCE_LISTED,
  type SessionRow,
} from '@peel/shared';
import { PEEL_CONFIG, type PeelConfig } from '../../common/config/config';
import { keysetPage } from '../../common/db/keyset';
import { DomainError } from '../../common/errors/domain-error';
import { imageUrl } from '../images/image-urls';
import {
  cappedCountSql,
  estimateSql,
  LIST_TABLES,
  pageSql,
  planRows,
  TOTAL_COUNT_CAP,
} from './page-sql';
import { thumbnailPath } from './thumbnails';

/** The columns of a page of edits, by id (`$1`: the page's ids). */
export const EDIT_ROWS_SQL = `SELECT e.*, s.url AS source_url,
         (SELECT coalesce(sum(jb.submitted), 0) FROM batch_item jb WHERE jb.edit_id = e.id)
           AS judgment_count
    FROM edit e JOIN source_image s ON s.id = e.source_image_id
   WHERE e.id = ANY($1::bigint[])`;

/** Judgments listed on an item page. */
const JUDGMENTS_LISTED = 500;

const TYPE_BY_ID = new Map(EDIT_TYPES.map((type) => [type.id, type]));

type Row = Record<string, unknown>;

const num = (value: unknown): number => Number(value);
const iso = (value: unknown): string => (value as Date).toISOString();

/** The dataset browser's reads: keyset pages of edits, pairs and sessions, and item pages. */
@Injectable()
export class DatasetBrowseRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PEEL_CONFIG) private readonly config: PeelConfig,
  ) {}

  image(reference: string): DatasetImage {
    const url = imageUrl(this.config, reference);
    return {
      reference,
      url,
      thumbnailUrl: this.config.imageDir ? thumbnailPath(reference) : url,
    };
  }

  private editType(id: unknown) {
    const type = TYPE_BY_ID.get(num(id));
    return { id: num(id), label: type?.label ?? '', category: type?.categoryId ?? '' };
  }

  /**
   * One page of a list: the page's ids by keyset on the main table alone, then their columns; the
   * total alongside, on another connection.
   */
  async page(list: 'edits', query: DatasetPageQuery): Promise<DatasetPage<EditRow>>;
  async page(list: 'pairs', query: DatasetPageQuery): Promise<DatasetPage<PairRow>>;
  async page(list: 'sessions', query: DatasetPageQuery): Promise<DatasetPage<SessionRow>>;
  async page(list: DatasetList, query: DatasetPageQuery): Promise<DatasetPage<unknown>> {
    const sql = pageSql(list, query);
    const keyRows: { id: string; sort_value: unknown }[] = await this.dataSource.query(
      sql.keys,
      sql.keyParams,
    );
    const [rowsById, total] = await Promise.all([
      this.rowsOf(
        list,
        keyRows.slice(0, query.limit).map((row) => row.id),
      ),
      this.total(list, sql.filtered, sql.countFromWhere, sql.countParams),
    ]);
    const { sort, cursor } = sql;
    const page = keysetPage(sort, cursor, keyRows, query.limit, (row) => [
      sort.type === 'number' ? num(row.sort_value) : String(row.sort_value),
      num(row.id),
    ]);
    return {
      items: page.rows.map((row) => rowsById.get(num(row.id))),
      nextCursor: page.nextCursor,
      prevCursor: page.prevCursor,
      sort: sort.name,
      total,
    };
  }

  /**
   * Counted only when cheap: the planner's estimate first (an EXPLAIN, no scan); an exact count
   * (stopping one past the cap) only when the estimate is within the cap.
   */
  private async total(
    list: DatasetList,
    filtered: boolean,
    fromWhere: string,
    params: unknown[],
  ): Promise<DatasetTotal> {
    const estimate = filtered
      ? await this.planRows(fromWhere, params)
      : num(
          (
            await this.dataSource.query(
              `SELECT reltuples::bigint AS estimate FROM pg_class WHERE oid = $1::regclass`,
              [LIST_TABLES[list]],
            )
          )[0].estimate,
        );
    if (estimate > TOTAL_COUNT_CAP) return { count: Math.round(estimate), kind: 'estimate' };
    const [{ count }] = await this.dataSource.query(cappedCountSql(fromWhere), params);
    return count > TOTAL_COUNT_CAP
      ? { count: TOTAL_COUNT_CAP, kind: 'at_least' }
      : { count, kind: 'exact' };
  }

  private async planRows(fromWhere: string, params: unknown[]): Promise<number> {
    return planRows(await this.dataSource.query(estimateSql(fromWhere), params));
  }

  private async rowsOf(list: DatasetList, ids: string[]): Promise<Map<number, unknown>> {
    if (ids.length === 0) return new Map();
    const rows =
      list === 'edits'
        ? await this.editRows(ids)
        : list === 'pairs'
          ? await this.pairRows(ids)
          : await this.sessionRows(ids);
    return new Map(rows.map(({ raw: _raw, ...row }) => [row.id, row]));
  }

  private async editRows(ids: string[]): Promise<(EditRow & { raw: Row })[]> {
    const rows: Row[] = await this.dataSource.query(EDIT_ROWS_SQL, [ids]);
    return rows.map((row) => ({
      id: num(row.id),
      image: this.image(String(row.image)),
      source: this.image(String(row.source_url)),
      instruction: String(row.instruction),
      summarizedInstruction: String(row.summarized_instruction),
      editType: this.editType(row.edit_type_id),
      origin: row.origin as EditRow['origin'],
      importId: num(row.import_id),
      judgmentCount: num(row.judgment_count),
      raw: row,
    }));
  }

  private async pairRows(ids: string[]): Promise<(PairRow & { raw: Row })[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT p.*, f.image AS first_image, f.origin AS first_origin, f.instruction,
              f.edit_type_id, s.image AS second_image, s.origin AS second_origin,
              src.url AS source_url,
              (SELECT coalesce(sum(jb.submitted), 0) FROM batch_item jb WHERE jb.pair_id = p.id)
                AS judgment_count
         FROM edit_pair p JOIN edit f ON f.id = p.first_edit_id
         JOIN edit s ON s.id = p.second_edit_id JOIN source_image src ON src.id = f.source_image_id
        WHERE p.id = ANY($1::bigint[])`,
      [ids],
    );
    return rows.map((row) => ({
      id: num(row.id),
      origin: row.origin as PairRow['origin'],
      position: num(row.position),
      importId: row.import_id === null ? null : num(row.import_id),
      instruction: String(row.instruction),
      editType: this.editType(row.edit_type_id),
      source: this.image(String(row.source_url)),
      first: {
        id: num(row.first_edit_id),
        origin: row.first_origin as EditRow['origin'],
        image: this.image(String(row.first_image)),
      },
      second: {
        id: num(row.second_edit_id),
        origin: row.second_origin as EditRow['origin'],
        image: this.image(String(row.second_image)),
      },
      judgmentCount: num(row.judgment_count),
      raw: row,
    }));
  }

  private async sessionRows(ids: string[]): Promise<(SessionRow & { raw: Row })[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT m.*, src.url AS source_url, t1.prompt AS first_prompt, tn.image AS last_image,
              (SELECT coalesce(sum(jb.submitted), 0) FROM batch_item jb WHERE jb.session_id = m.id)
                AS judgment_count
         FROM mt_session m JOIN source_image src ON src.id = m.source_image_id
         LEFT JOIN mt_turn t1 ON t1.session_id = m.id AND t1.turn_index = 1
         LEFT JOIN mt_turn tn ON tn.session_id = m.id AND tn.turn_index = m.turn_count
        WHERE m.id = ANY($1::bigint[])`,
      [ids],
    );
    return rows.map((row) => ({
      id: num(row.id),
      sessionKey: String(row.session_key),
      turnCount: num(row.turn_count),
      importId: num(row.import_id),
      firstPrompt: String(row.first_prompt ?? ''),
      source: this.image(String(row.source_url)),
      lastImage: this.image(String(row.last_image ?? row.source_url)),
      judgmentCount: num(row.judgment_count),
      raw: row,
    }));
  }

  async edit(id: number): Promise<EditDetail> {
    const [row] = await this.editRows([String(id)]);
    if (!row) throw new DomainError('NOT_FOUND', `No edit with id ${id}`);
    const { raw, ...edit } = row;
    const pairs: Row[] = await this.dataSource.query(
      `SELECT id, origin, first_edit_id, second_edit_id FROM edit_pair
        WHERE first_edit_id = $1 OR second_edit_id = $1 ORDER BY id LIMIT 100`,
      [id],
    );
    const sameSource: Row[] = await this.dataSource.query(
      `SELECT o.id, o.origin, o.image,
              (SELECT p.id FROM edit_pair p
                WHERE (p.first_edit_id = e.id AND p.second_edit_id = o.id)
                   OR (p.first_edit_id = o.id AND p.second_edit_id = e.id)
                ORDER BY p.id LIMIT 1) AS pair_id
         FROM edit e
         JOIN edit o ON o.source_image_id = e.source_image_id AND o.instruction = e.instruction
                    AND o.id <> e.id
        WHERE e.id = $1 ORDER BY o.id LIMIT $2`,
      [id, SAME_SOURCE_LISTED],
    );
    const judgments = await this.judgments('edit_id', id);
    return {
      edit: {
        ...edit,
        extra: raw.extra as Record<string, unknown>,
        createdAt: iso(raw.created_at),
        updatedAt: iso(raw.updated_at),
      },
      import: (await this.importRef(num(raw.import_id)))!,
      pairs: pairs.map((pair) => {
        const first = num(pair.first_edit_id) === id;
        return {
          id: num(pair.id),
          origin: String(pair.origin),
          otherEditId: num(first ? pair.second_edit_id : pair.first_edit_id),
          side: first ? ('first' as const) : ('second' as const),
        };
      }),
      sameSource: sameSource.map((other) => ({
        id: num(other.id),
        origin: String(other.origin),
        image: this.image(String(other.image)),
        pairId: other.pair_id === null ? null : num(other.pair_id),
      })),
      ...judgments,
    };
  }

  async pair(id: number): Promise<PairDetail> {
    const [row] = await this.pairRows([String(id)]);
    if (!row) throw new DomainError('NOT_FOUND', `No pair with id ${id}`);
    const { raw, ...pair } = row;
    return {
      pair: {
        ...pair,
        rejectedShape: (raw.rejected_shape as string | null) ?? null,
        createdAt: iso(raw.created_at),
      },
      import: pair.importId === null ? null : await this.importRef(pair.importId),
      ...(await this.judgments('pair_id', id)),
    };
  }

  async session(id: number): Promise<SessionDetail> {
    const [row] = await this.sessionRows([String(id)]);
    if (!row) throw new DomainError('NOT_FOUND', `No session with id ${id}`);
    const { raw, ...session } = row;
    const turns: Row[] = await this.dataSource.query(
      `SELECT turn_index, prompt, image FROM mt_turn WHERE session_id = $1 ORDER BY turn_index`,
      [id],
    );
    return {
      session: {
        ...session,
        extra: raw.extra as Record<string, unknown>,
        createdAt: iso(raw.created_at),
      },
      turns: turns.map((turn) => ({
        index: num(turn.turn_index),
        prompt: String(turn.prompt),
        image: this.image(String(turn.image)),
      })),
      import: (await this.importRef(session.importId))!,
      ...(await this.judgments('session_id', id)),
    };
  }

  private async importRef(id: number): Promise<ImportRef | null> {
    const [row]: Row[] = await this.dataSource.query(
      `SELECT id, source, kind, started_at FROM dataset_import WHERE id = $1`,
      [id],
    );
    if (!row) return null;
    return {
      id: num(row.id),
      source: String(row.source),
      kind: (row.kind as string | null) ?? null,
      startedAt: iso(row.started_at),
    };
  }

  /** Every judgment on the subject across batches, oldest first, answers as stored. */
  private async judgments(
    column: 'edit_id' | 'pair_id' | 'session_id',
    id: number,
  ): Promise<{ judgments: ItemJudgment[]; judgmentsTruncated: boolean }> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT j.id, j.batch_id, b.name AS batch_name, b.task_type, j.rater_id, u.email,
              u.display_name, j.dwell_ms, j.is_gold, j.gold_correct, j.revision, j.created_at,
              j.revised_at,
              (SELECT coalesce(jsonb_object_agg(a.question, a.value), '{}')
                 FROM judgment_answer a WHERE a.judgment_id = j.id) AS answers
         FROM batch_item bi JOIN judgment j ON j.batch_item_id = bi.id
         JOIN batch b ON b.id = bi.batch_id JOIN app_user u ON u.id = j.rater_id
        WHERE bi.${column} = $1
        ORDER BY j.created_at, j.id LIMIT ${JUDGMENTS_LISTED + 1}`,
      [id],
    );
    return {
      judgments: rows.slice(0, JUDGMENTS_LISTED).map((row) => ({
        id: num(row.id),
        batchId: num(row.batch_id),
        batchName: String(row.batch_name),
        taskType: String(row.task_type),
        rater: {
          id: num(row.rater_id),
          email: String(row.email),
          displayName: (row.display_name as string | null) ?? null,
        },
        answers: row.answers as Record<string, string>,
        dwellMs: num(row.dwell_ms),
        isGold: Boolean(row.is_gold),
        goldCorrect: (row.gold_correct as boolean | null) ?? null,
        revision: num(row.revision),
        createdAt: iso(row.created_at),
        revisedAt: row.revised_at ? iso(row.revised_at) : null,
      })),
      judgmentsTruncated: rows.length > JUDGMENTS_LISTED,
    };
  }
}
