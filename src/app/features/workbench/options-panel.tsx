import type { BackendChoice, LossName } from '../../../core/api-types';
import { useWorkbench } from '../../stores/hooks';
import type { MethodChoice } from '../../stores/workbench-types';
import { FieldError } from './field-error';

const LOSSES: LossName[] = ['linear', 'soft_l1', 'huber', 'cauchy', 'arctan'];

/** Solver options: method, robust loss (and its scale), backend, iteration limit. */
export function OptionsPanel() {
  const method = useWorkbench((s) => s.method);
  const loss = useWorkbench((s) => s.loss);
  const fScale = useWorkbench((s) => s.fScale);
  const backend = useWorkbench((s) => s.backend);
  const maxIterations = useWorkbench((s) => s.maxIterations);
  const setOptions = useWorkbench((s) => s.setOptions);
  const fitError = useWorkbench((s) => s.fitError);
  const fieldError = (field: string) => (fitError?.field === field ? fitError : null);
  return (
    <div className="options-panel">
      <h2>Options</h2>
      <div className="options-grid">
        <label>
          method
          <select
            data-testid="method-select"
            value={method}
            onChange={(e) => setOptions({ method: e.target.value as MethodChoice })}
          >
            <option value="auto">auto</option>
            <option value="lm">lm (Levenberg–Marquardt)</option>
            <option value="trf">trf (bounds)</option>
          </select>
        </label>
        <label>
          loss
          <select
            data-testid="loss-select"
            value={loss}
            onChange={(e) => setOptions({ loss: e.target.value as LossName })}
          >
            {LOSSES.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {loss !== 'linear' && (
          <label>
            f_scale
            <input
              type="text"
              inputMode="decimal"
              data-testid="fscale-input"
              value={fScale}
              aria-invalid={fieldError('fScale') !== null}
              aria-describedby={fieldError('fScale') ? 'fscale-error' : undefined}
              onChange={(e) => setOptions({ fScale: e.target.value })}
            />
            <FieldError testId="fscale-error" id="fscale-error" message={fieldError('fScale')} />
          </label>
        )}
        <label>
          backend
          <select
            data-testid="backend-select"
            value={backend}
            onChange={(e) => setOptions({ backend: e.target.value as BackendChoice })}
          >
            <option value="auto">auto</option>
            <option value="cpu">cpu</option>
            <option value="webgpu">webgpu</option>
          </select>
        </label>
        <label>
          max iterations
          <input
            type="text"
            inputMode="numeric"
            data-testid="max-iterations-input"
            placeholder="default"
            value={maxIterations}
            aria-invalid={fieldError('maxIterations') !== null}
            aria-describedby={fieldError('maxIterations') ? 'max-iterations-error' : undefined}
            onChange={(e) => setOptions({ maxIterations: e.target.value })}
          />
          <FieldError testId="max-iterations-error" id="max-iterations-error" message={fieldError('maxIterations')} />
        </label>
      </div>
    </div>
  );
}
