import { MultiTurnView } from './multi-turn/multi-turn-view';
import { PairwiseView } from './pairwise/pairwise-view';
import { type TaskViewProps } from './task-view-props';
import { TaxonomyView } from './taxonomy/taxonomy-view';

type TaskViewSwitchProps = Omit<TaskViewProps<unknown>, 'item'>;

/** The view for the task's type. */
export function TaskView(props: TaskViewSwitchProps) {
  const item = props.task.item;
  switch (item.kind) {
    case 'pairwise':
      return <PairwiseView {...props} item={item} />;
    case 'multi_turn':
      return <MultiTurnView {...props} item={item} />;
    case 'taxonomy':
      return <TaxonomyView {...props} item={item} />;
  }
}
