import { useService } from '../stores/hooks';

/** Says when checkpoints are off (storage unavailable or full): fits still run, without resume. */
export function CheckpointsNotice() {
  const status = useService((s) => s.snapshot.checkpoints);
  if (status.enabled) return null;
  const reason = status.reason ?? 'storage is unavailable';
  const text = /^checkpoints are off/i.test(reason) ? reason : `Checkpoints are off: ${reason}`;
  return (
    <div className="notice" data-testid="checkpoints-notice" role="status">
      {text}
    </div>
  );
}
