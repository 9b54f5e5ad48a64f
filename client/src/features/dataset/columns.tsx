import { type DatasetImage, type EditRow, type PairRow, type SessionRow } from '@peel/shared';
import { Link } from 'react-router';
import { createServerColumnHelper } from '../../components/ui/server-data-table';
import { CATEGORY_NAMES, ORIGIN_LABELS } from './labels';

export function Thumb({ image, label }: { image: DatasetImage; label: string }) {
  return (
    <img
      className="thumb"
      src={image.thumbnailUrl}
      alt={label}
      loading="lazy"
      decoding="async"
      width={80}
      height={80}
    />
  );
}

function JudgedCell({ count }: { count: number }) {
  return count > 0 ? (
    <span className="badge badge-ok">{count}</span>
  ) : (
    <span className="muted">none</span>
  );
}

const edit = createServerColumnHelper<EditRow>();

/** Column ids are the API's sort names: a column sorts only when the server can sort on it. */
export const editColumns = edit.columns([
  edit.accessor('id', {
    header: 'Edit',
    cell: ({ row }) => (
      <Link to={`/admin/dataset/edits/${row.original.id}`} className="id-link">
        #{row.original.id}
      </Link>
    ),
  }),
  edit.display({
    id: 'image',
    header: 'Image',
    enableSorting: false,
    cell: ({ row }) => <Thumb image={row.original.image} label={`Edit ${row.original.id}`} />,
  }),
  edit.accessor((row) => row.editType.id, {
    id: 'editType',
    header: 'Edit type',
    cell: ({ row }) => (
      <div className="stack">
        <span>{row.original.editType.label}</span>
        <span className="muted">{CATEGORY_NAMES[row.original.editType.category]}</span>
      </div>
    ),
  }),
  edit.accessor('instruction', {
    header: 'Instruction',
    enableSorting: false,
    cell: (info) => <span className="clamp">{info.getValue()}</span>,
  }),
  edit.accessor('origin', {
    header: 'Origin',
    cell: (info) => ORIGIN_LABELS[info.getValue()] ?? info.getValue(),
  }),
  edit.accessor('importId', {
    id: 'import',
    header: 'Import',
    cell: (info) => `#${info.getValue()}`,
  }),
  edit.accessor('judgmentCount', {
    header: 'Judgments',
    enableSorting: false,
    cell: (info) => <JudgedCell count={info.getValue()} />,
  }),
]);

const pair = createServerColumnHelper<PairRow>();

export const pairColumns = pair.columns([
  pair.accessor('id', {
    header: 'Pair',
    cell: ({ row }) => (
      <Link to={`/admin/dataset/pairs/${row.original.id}`} className="id-link">
        #{row.original.id}
      </Link>
    ),
  }),
  pair.display({
    id: 'images',
    header: 'First · second',
    enableSorting: false,
    cell: ({ row }) => (
      <div className="thumb-row">
        <Thumb image={row.original.first.image} label={`Edit ${row.original.first.id}`} />
        <Thumb image={row.original.second.image} label={`Edit ${row.original.second.id}`} />
      </div>
    ),
  }),
  pair.accessor((row) => row.editType.label, {
    id: 'editTypeLabel',
    header: 'Edit type',
    enableSorting: false,
  }),
  pair.accessor('instruction', {
    header: 'Instruction',
    enableSorting: false,
    cell: (info) => <span className="clamp">{info.getValue()}</span>,
  }),
  pair.accessor('origin', { header: 'Origin' }),
  pair.accessor('importId', {
    id: 'import',
    header: 'Import',
    cell: (info) =>
      info.getValue() === null ? <span className="muted">admin</span> : `#${info.getValue()}`,
  }),
  pair.accessor('judgmentCount', {
    header: 'Judgments',
    enableSorting: false,
    cell: (info) => <JudgedCell count={info.getValue()} />,
  }),
]);

const session = createServerColumnHelper<SessionRow>();

export const sessionColumns = session.columns([
  session.accessor('id', {
    header: 'Session',
    cell: ({ row }) => (
      <Link to={`/admin/dataset/sessions/${row.original.id}`} className="id-link">
        #{row.original.id}
      </Link>
    ),
  }),
  session.display({
    id: 'lastImage',
    header: 'Last turn',
    enableSorting: false,
    cell: ({ row }) => (
      <Thumb image={row.original.lastImage} label={`Session ${row.original.sessionKey}`} />
    ),
  }),
  session.accessor('sessionKey', { header: 'Key', enableSorting: false }),
  session.accessor('turnCount', { id: 'turns', header: 'Turns' }),
  session.accessor('firstPrompt', {
    header: 'First prompt',
    enableSorting: false,
    cell: (info) => <span className="clamp">{info.getValue()}</span>,
  }),
  session.accessor('importId', {
    id: 'import',
    header: 'Import',
    cell: (info) => `#${info.getValue()}`,
  }),
  session.accessor('judgmentCount', {
    header: 'Judgments',
    enableSorting: false,
    cell: (info) => <JudgedCell count={info.getValue()} />,
  }),
]);
