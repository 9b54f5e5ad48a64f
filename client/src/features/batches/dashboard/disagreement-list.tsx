import { type DisagreementsResponse } from '@peel/shared';
import { Link } from 'react-router';

function votesText(votes: Record<string, number>): string {
  return Object.entries(votes)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([value, n]) => `${value} ×${n}`)
    .join(', ');
}

/** The most contested items first (entropy, then vote margin), each linking to its item page. */
export function DisagreementList({
  batchId,
  page,
}: {
  batchId: number;
  page: DisagreementsResponse;
}) {
  if (page.items.length === 0) return <p className="muted">No item has two answers yet.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Most contested items ({page.question})</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Votes</th>
            <th scope="col">Entropy</th>
            <th scope="col">Vote margin</th>
            <th scope="col">Majority</th>
            <th scope="col">Dawid–Skene</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((item) => (
            <tr key={item.itemId}>
              <td>
                <Link to={`/admin/batches/${batchId}/items/${item.itemId}`}>
                  Item {item.itemId}
                </Link>
              </td>
              <td>{votesText(item.votes)}</td>
              <td>{item.entropy.toFixed(2)}</td>
              <td>{item.voteMargin.toFixed(2)}</td>
              <td>
                {item.majority.tie
                  ? `tie: ${item.majority.winners.join(' / ')}`
                  : item.majority.winners[0]}
              </td>
              <td>
                {item.dawidSkeneWinner}{' '}
                <span className="muted">(margin {item.dawidSkeneMargin.toFixed(2)})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
