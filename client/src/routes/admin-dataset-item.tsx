import {
  DATASET_LISTS,
  type DatasetImage,
  type DatasetList,
  type EditDetail,
  type ImportRef,
  type PairDetail,
  type SessionDetail,
} from '@peel/shared';
import { type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { PageLoading } from '../components/ui/page-state';
import { useDatasetItem } from '../features/dataset/api';
import { ApiErrorAlert } from '../features/dataset/components/api-error';
import { JudgmentsTable } from '../features/dataset/components/judgments-table';
import { MakePairForm } from '../features/dataset/components/make-pair-form';
import { CATEGORY_NAMES, ORIGIN_LABELS } from '../features/dataset/labels';
import { NotFoundPage } from './not-found';

const SINGULAR: Record<DatasetList, string> = { edits: 'Edit', pairs: 'Pair', sessions: 'Session' };

/** `/admin/dataset/:list/:id`: one edit, pair or session with its images and every judgment. */
export function AdminDatasetItemPage() {
  const { list, id } = useParams();
  const numeric = Number(id);
  if (
    !(DATASET_LISTS as readonly string[]).includes(list ?? '') ||
    !Number.isSafeInteger(numeric)
  ) {
    return <NotFoundPage />;
  }
  return <Item key={`${list}/${id}`} list={list as DatasetList} id={numeric} />;
}

function Item({ list, id }: { list: DatasetList; id: number }) {
  const item = useDatasetItem(list, id);
  const title = `${SINGULAR[list]} #${id}`;
  return (
    <section aria-labelledby="item-title">
      <title>{`${title} · Dataset · Peel`}</title>
      <p>
        <Link to={`/admin/dataset/${list}`}>← {list}</Link>
      </p>
      <h1 className="page-title" id="item-title">
        {title}
      </h1>
      {item.isPending ? <PageLoading /> : null}
      {item.isError ? <ApiErrorAlert error={item.error} /> : null}
      {item.data && list === 'edits' ? <EditView detail={item.data as EditDetail} /> : null}
      {item.data && list === 'pairs' ? <PairView detail={item.data as PairDetail} /> : null}
      {item.data && list === 'sessions' ? (
        <SessionView detail={item.data as SessionDetail} />
      ) : null}
      {item.data ? (
        <section className="section" aria-labelledby="judgments-title">
          <h2 className="section-title" id="judgments-title">
            Human judgments ({item.data.judgments.length}
            {item.data.judgmentsTruncated ? '+' : ''})
          </h2>
          <JudgmentsTable
            judgments={item.data.judgments}
            truncated={item.data.judgmentsTruncated}
          />
        </section>
      ) : null}
    </section>
  );
}

function Figure({ image, caption }: { image: DatasetImage; caption: string }) {
  return (
    <figure className="item-figure">
      <a href={image.url} target="_blank" rel="noreferrer">
        <img src={image.url} alt={caption} loading="lazy" />
      </a>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function importText(ref: ImportRef | null): ReactNode {
  if (!ref) return <span className="muted">made by an admin</span>;
  return (
    <Link to={`/admin/imports?import=${ref.id}`}>
      #{ref.id} {ref.source}
    </Link>
  );
}

function EditView({ detail }: { detail: EditDetail }) {
  const { edit } = detail;
  return (
    <>
      <div className="figures">
        <Figure image={edit.source} caption="Source" />
        <Figure image={edit.image} caption="Edited" />
      </div>
      <Facts
        rows={[
          ['Instruction', edit.instruction],
          ['Short instruction', edit.summarizedInstruction],
          ['Edit type', `${edit.editType.label} (${CATEGORY_NAMES[edit.editType.category]})`],
          ['Origin', ORIGIN_LABELS[edit.origin] ?? edit.origin],
          ['Import', importText(detail.import)],
          ['Image', <code key="image">{edit.image.reference}</code>],
          [
            'Pairs',
            detail.pairs.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              <ul className="inline-list">
                {detail.pairs.map((pair) => (
                  <li key={pair.id}>
                    <Link to={`/admin/dataset/pairs/${pair.id}`}>pair #{pair.id}</Link> ({pair.side}
                    , with{' '}
                    <Link to={`/admin/dataset/edits/${pair.otherEditId}`}>
                      edit #{pair.otherEditId}
                    </Link>
                    )
                  </li>
                ))}
              </ul>
            ),
          ],
        ]}
      />
      <section className="section panel" aria-labelledby="make-pair-title">
        <h2 className="section-title" id="make-pair-title">
          Make a pair
        </h2>
        <MakePairForm editId={edit.id} sameSource={detail.sameSource} />
      </section>
    </>
  );
}

function PairView({ detail }: { detail: PairDetail }) {
  const { pair } = detail;
  return (
    <>
      <div className="figures">
        <Figure image={pair.source} caption="Source" />
        <Figure image={pair.first.image} caption={`First: edit #${pair.first.id}`} />
        <Figure image={pair.second.image} caption={`Second: edit #${pair.second.id}`} />
      </div>
      <Facts
        rows={[
          ['Instruction', pair.instruction],
          ['Edit type', `${pair.editType.label} (${CATEGORY_NAMES[pair.editType.category]})`],
          ['Origin', ORIGIN_LABELS[pair.origin] ?? pair.origin],
          [
            'Edits',
            <span key="edits">
              <Link to={`/admin/dataset/edits/${pair.first.id}`}>first #{pair.first.id}</Link> ·{' '}
              <Link to={`/admin/dataset/edits/${pair.second.id}`}>second #{pair.second.id}</Link>
            </span>,
          ],
          ['Import', importText(detail.import)],
        ]}
      />
    </>
  );
}

function SessionView({ detail }: { detail: SessionDetail }) {
  const { session } = detail;
  return (
    <>
      <Facts
        rows={[
          ['Key', session.sessionKey],
          ['Turns', session.turnCount],
          ['Import', importText(detail.import)],
        ]}
      />
      <div className="figures">
        <Figure image={session.source} caption="Source" />
        {detail.turns.map((turn) => (
          <Figure
            key={turn.index}
            image={turn.image}
            caption={`Turn ${turn.index}: ${turn.prompt}`}
          />
        ))}
      </div>
    </>
  );
}
