import { useState } from 'react';
import { CHAOS_KEYS, chaosActive, formatChaos, type ChaosConfig } from '../../../runtime';
import { toFieldMessage } from '../../stores/field-message';
import { useService, useServices } from '../../stores/hooks';

type Key = keyof ChaosConfig;

const HELP: Record<Key, string> = {
  iterationDelayMs: 'slow every iteration down by this many ms',
  crashWorkerAtIteration: 'kill the worker at this iteration (first attempt only; empty = off)',
  loseDeviceAtIteration: 'lose the GPU device at this iteration (first attempt only; empty = off)',
  failureRate: 'probability that an attempt fails before solving (0 to 1)',
  quotaExceeded: 'the checkpoint store fails as if the storage quota were full',
};

function text(chaos: ChaosConfig, key: Key): string {
  const v = chaos[key];
  return v === null || v === false ? '' : v === true ? '1' : String(v);
}

/** The chaos switches of `&chaos=`, live: they apply to fits started from now on. */
export function ChaosPanel() {
  const chaos = useService((s) => s.snapshot.chaos);
  const { client } = useServices();
  const [drafts, setDrafts] = useState<Partial<Record<Key, string>>>({});
  const [error, setError] = useState<string | null>(null);

  const apply = (key: Key, raw: string | boolean) => {
    const value =
      typeof raw === 'boolean'
        ? raw
        : raw.trim() === ''
          ? key === 'iterationDelayMs' || key === 'failureRate'
            ? 0
            : null
          : raw.trim();
    try {
      client.setChaos({ [key]: value });
      setDrafts((d) => ({ ...d, [key]: undefined }));
      setError(null);
    } catch (e) {
      setError(toFieldMessage(e).message);
    }
  };

  return (
    <details className="chaos-panel" data-testid="chaos-panel" open={chaosActive(chaos)}>
      <summary>
        Chaos{' '}
        {chaosActive(chaos) ? (
          <code data-testid="chaos-active">{formatChaos(chaos)}</code>
        ) : (
          <span className="muted">(off)</span>
        )}
      </summary>
      <div className="chaos-grid">
        {CHAOS_KEYS.map((key) =>
          key === 'quotaExceeded' ? (
            <label key={key} title={HELP[key]}>
              <input
                type="checkbox"
                data-testid={`chaos-${key}`}
                checked={chaos.quotaExceeded}
                onChange={(e) => apply(key, e.target.checked)}
              />
              {key}
            </label>
          ) : (
            <label key={key} title={HELP[key]}>
              {key}
              <input
                type="text"
                inputMode="decimal"
                data-testid={`chaos-${key}`}
                placeholder="off"
                value={drafts[key] ?? text(chaos, key)}
                onChange={(e) => {
                  const v = e.target.value;
                  setDrafts((d) => ({ ...d, [key]: v }));
                  apply(key, v);
                }}
              />
            </label>
          ),
        )}
      </div>
      {error && (
        <div className="field-error" data-testid="chaos-error">
          {error}
        </div>
      )}
    </details>
  );
}
