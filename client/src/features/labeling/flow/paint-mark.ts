/**
 * Marks `peel:task-painted` (a User Timing mark, read by the client benchmark) once every image
 * of a newly shown task is decoded and the frame showing it has been painted. Returns a cancel.
 */
export function markWhenPainted(root: HTMLElement, assignmentId: number): () => void {
  let cancelled = false;
  const images = Array.from(root.querySelectorAll('img'));
  void Promise.all(images.map((image) => image.decode().catch(() => undefined))).then(() => {
    if (cancelled) return;
    // The frame callback runs before the paint; the task queued from it runs after it.
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (cancelled) return;
        performance.mark('peel:task-painted', { detail: { assignmentId } });
        root.dataset.painted = String(assignmentId);
      }, 0),
    );
  });
  return () => {
    cancelled = true;
  };
}

/** Marks the moment a submit key was handled (the start of the submit-to-paint measure). */
export function markSubmit(assignmentId: number): void {
  performance.mark('peel:submit', { detail: { assignmentId } });
}
