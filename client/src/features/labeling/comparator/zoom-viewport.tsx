import { type MouseEvent as ReactMouseEvent, type ReactNode, useEffect, useRef } from 'react';
import { type ViewUpdate } from './use-comparator';
import { panBy, panePoint, wheelFactor, zoomAt } from './view-transform';

type ZoomViewportProps = {
  updateView: ViewUpdate;
  children: ReactNode;
  className?: string;
};

/**
 * A pane's window onto its image: the wheel zooms at the pointer, a drag pans, a double click
 * zooms in. Every change goes through `updateView`, which all panes of a comparator share.
 */
export function ZoomViewport({ updateView, children, className }: ZoomViewportProps) {
  const ref = useRef<HTMLDivElement>(null);

  // React's wheel listener is passive; zooming must stop the page from scrolling.
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const at = panePoint(node.getBoundingClientRect(), event.clientX, event.clientY);
      const factor = wheelFactor(event.deltaY, event.deltaMode);
      updateView((view) => zoomAt(view, factor, at));
    };
    node.addEventListener('wheel', onWheel, { passive: false });
    return () => node.removeEventListener('wheel', onWheel);
  }, [updateView]);

  const onMouseDown = (event: ReactMouseEvent<HTMLDivElement>) => {
    const rect = ref.current?.getBoundingClientRect();
    if (event.button !== 0 || !rect || rect.width <= 0 || rect.height <= 0) return;
    event.preventDefault();
    let last = { x: event.clientX, y: event.clientY };
    const move = (moveEvent: MouseEvent) => {
      const dx = (moveEvent.clientX - last.x) / rect.width;
      const dy = (moveEvent.clientY - last.y) / rect.height;
      last = { x: moveEvent.clientX, y: moveEvent.clientY };
      updateView((view) => panBy(view, dx, dy));
    };
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  const onDoubleClick = (event: ReactMouseEvent<HTMLDivElement>) => {
    const rect = ref.current?.getBoundingClientRect();
    if (!rect) return;
    const at = panePoint(rect, event.clientX, event.clientY);
    updateView((view) => zoomAt(view, 2, at));
  };

  return (
    <div
      ref={ref}
      className={className ? `cmp-viewport ${className}` : 'cmp-viewport'}
      onMouseDown={onMouseDown}
      onDoubleClick={onDoubleClick}
    >
      {children}
    </div>
  );
}
