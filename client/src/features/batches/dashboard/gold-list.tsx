import { type GoldItemsResponse } from '@peel/shared';
import { Link } from 'react-router';

/** The batch's gold items: the expected answer and how often raters matched it. */
export function GoldList({ batchId, gold }: { batchId: number; gold: GoldItemsResponse }) {
  if (gold.items.length === 0)
    return <p className="muted">No gold items. Promote a unanimous item from its item page.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Gold items</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Expected</th>
            <th scope="col">Answered correctly</th>
          </tr>
        </thead>
        <tbody>
          {gold.items.map((item) => (
            <tr key={item.itemId}>
              <td>
                <Link to={`/admin/batches/${batchId}/items/${item.itemId}`}>
                  Item {item.itemId}
                </Link>
              </td>
              <td>
                {Object.entries(item.expected)
                  .map(([question, value]) => `${question} = ${value}`)
                  .join(', ')}
              </td>
              <td>
                {item.correct} / {item.answered}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
