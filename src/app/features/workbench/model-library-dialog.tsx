import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { listLibraryModels, type LibraryModelInfo, type ModelFamily } from '../../../core/model/library';
import './model-editing.css';

const FAMILY_TITLES: Record<ModelFamily, string> = {
  peak: 'Peaks',
  exponential: 'Exponentials and power laws',
  sigmoid: 'Sigmoids and saturation',
  periodic: 'Periodic',
  polynomial: 'Lines and polynomials',
};

/** Picture size (SVG user units); the picture scales with its box. */
const W = 120;
const H = 56;
const PAD = 4;

/** The polyline points of a model's shape, scaled into the picture (a flat shape sits in the middle). */
export function shapePoints(shape: { x: readonly number[]; y: readonly number[] }): string {
  const { x, y } = shape;
  if (x.length === 0) return '';
  const x0 = Math.min(...x);
  const x1 = Math.max(...x);
  const y0 = Math.min(...y);
  const y1 = Math.max(...y);
  const sx = (v: number) => PAD + ((v - x0) / (x1 - x0 || 1)) * (W - 2 * PAD);
  const sy = (v: number) => (y1 > y0 ? H - PAD - ((v - y0) / (y1 - y0)) * (H - 2 * PAD) : H / 2);
  return x.map((v, i) => `${sx(v).toFixed(1)},${sy(y[i]).toFixed(1)}`).join(' ');
}

function ModelShape({ model }: { model: LibraryModelInfo }) {
  return (
    <svg
      className="model-shape"
      viewBox={`0 0 ${W} ${H}`}
      preserveAspectRatio="none"
      aria-hidden="true"
      focusable="false"
    >
      <line className="model-shape-axis" x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} />
      <polyline className="model-shape-curve" points={shapePoints(model.shape)} />
    </svg>
  );
}

/**
 * The model library as a modal dialog: every built-in model with a picture of its shape (the
 * model evaluated at typical values), its formula and what each parameter means. Choosing one
 * puts its name in the model field.
 */
export function ModelLibraryDialog({
  open,
  onClose,
  onChoose,
}: {
  open: boolean;
  onClose: () => void;
  onChoose: (name: string) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const models = useMemo(listLibraryModels, []);
  const [filter, setFilter] = useState('');
  const titleId = useId();
  const baseId = useId();

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? models.filter((m) =>
        [m.name, m.title, m.description, m.expression, ...m.aliases].some((s) => s.toLowerCase().includes(needle)),
      )
    : models;
  const families = [...new Set(shown.map((m) => m.family))];

  return (
    <dialog
      ref={dialog}
      className="model-library"
      data-testid="model-library"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={onClose}
    >
      <div className="model-library-head">
        <h2 id={titleId}>Model library</h2>
        <input
          type="search"
          className="model-library-filter"
          aria-label="Filter models"
          placeholder="Filter: peak, decay, hill…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <button type="button" data-testid="model-library-close" onClick={onClose}>
          Close
        </button>
      </div>
      {shown.length === 0 && <p className="muted">No model matches “{filter}”.</p>}
      {families.map((family) => (
        <section key={family} aria-label={FAMILY_TITLES[family]}>
          <h3>{FAMILY_TITLES[family]}</h3>
          <ul className="model-library-list">
            {shown
              .filter((m) => m.family === family)
              .map((m) => {
                const descId = `${baseId}-${m.name}`;
                return (
                  <li key={m.name} className="model-library-card">
                    <button
                      type="button"
                      data-testid={`model-library-item-${m.name}`}
                      aria-describedby={descId}
                      onClick={() => onChoose(m.name)}
                    >
                      <ModelShape model={m} />
                      <span className="model-library-title">
                        {m.title} <code>{m.name}</code>
                      </span>
                      <code className="model-library-formula">y = {m.expression}</code>
                    </button>
                    <dl id={descId} className="model-library-params">
                      {m.paramNames.map((p) => (
                        <div key={p}>
                          <dt>{p}</dt>
                          <dd>{m.meanings[p]}</dd>
                        </div>
                      ))}
                    </dl>
                  </li>
                );
              })}
          </ul>
        </section>
      ))}
    </dialog>
  );
}
