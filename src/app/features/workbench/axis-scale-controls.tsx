import type { ReactNode } from 'react';
import type { AxisKind } from '../../charts/plot-scale';

/** The fit plots' linear/log switches (`x-log`, `y-log`), with an optional hint after them. */
export function AxisScaleControls({
  xKind,
  yKind,
  onXKind,
  onYKind,
  children,
}: {
  xKind: AxisKind;
  yKind: AxisKind;
  onXKind: (kind: AxisKind) => void;
  onYKind: (kind: AxisKind) => void;
  children?: ReactNode;
}) {
  return (
    <div className="plot-controls" role="group" aria-label="Plot axes">
      <label>
        <input
          type="checkbox"
          data-testid="x-log"
          checked={xKind === 'log'}
          onChange={(e) => onXKind(e.target.checked ? 'log' : 'linear')}
        />
        log x
      </label>
      <label>
        <input
          type="checkbox"
          data-testid="y-log"
          checked={yKind === 'log'}
          onChange={(e) => onYKind(e.target.checked ? 'log' : 'linear')}
        />
        log y
      </label>
      {children}
    </div>
  );
}
