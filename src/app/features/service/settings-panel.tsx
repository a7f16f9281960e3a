import { useState } from 'react';
import { toFieldMessage } from '../../stores/field-message';
import { useService, useServices } from '../../stores/hooks';

/**
 * The service configuration (checkpoint cadence, retry, breaker, health, SLO…) as JSON:
 * apply a partial object, e.g. {"health": {"recoveryAfterMs": 2000}}; it is validated.
 */
export function SettingsPanel() {
  const config = useService((s) => s.snapshot.config);
  const { client } = useServices();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    if (draft === null) return;
    try {
      client.updateConfig(JSON.parse(draft) as unknown);
      setDraft(null);
      setError(null);
    } catch (e) {
      setError(e instanceof SyntaxError ? `The settings are not valid JSON: ${e.message}` : toFieldMessage(e).message);
    }
  };
  return (
    <details className="settings-panel" data-testid="settings-panel">
      <summary>Settings</summary>
      <textarea
        data-testid="settings-input"
        spellCheck={false}
        rows={12}
        value={draft ?? JSON.stringify(config, null, 2)}
        onChange={(e) => setDraft(e.target.value)}
        aria-label="Service settings (JSON)"
      />
      <div className="actions">
        <button type="button" data-testid="settings-apply" disabled={draft === null} onClick={apply}>
          Apply
        </button>
        <button type="button" disabled={draft === null} onClick={() => (setDraft(null), setError(null))}>
          Revert
        </button>
      </div>
      {error && (
        <div className="field-error" data-testid="settings-error">
          {error}
        </div>
      )}
    </details>
  );
}
