import { useEffect, useRef } from 'react';
import { useBatch, useBatchActions } from './batch-context';
import { colorOf } from './color-scale';

/** When the curves carry grid coordinates (pixels of an image, wells of a plate): one parameter as an image. */
export function ParameterMap() {
  const outcome = useBatch((s) => s.outcome);
  const grid = useBatch((s) => s.curves?.grid);
  const mapParam = useBatch((s) => s.mapParam);
  const { setMapParam } = useBatchActions();
  const canvas = useRef<HTMLCanvasElement>(null);
  const names = outcome?.result.paramNames ?? [];
  let width = 0;
  let height = 0;
  if (grid) {
    for (let j = 0; j < grid.rows.length; j++) {
      if (grid.rows[j] + 1 > height) height = grid.rows[j] + 1;
      if (grid.cols[j] + 1 > width) width = grid.cols[j] + 1;
    }
  }
  const range = useRef<[number, number]>([Number.NaN, Number.NaN]);
  useEffect(() => {
    const c = canvas.current;
    if (!c || !grid || !outcome || width === 0) return;
    const r = outcome.result;
    const p = r.paramNames.length;
    let min = Infinity;
    let max = -Infinity;
    for (let j = 0; j < grid.rows.length; j++) {
      const v = r.params[j * p + mapParam];
      if (Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    range.current = [min, max];
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(width, height);
    image.data.fill(0);
    for (let j = 0; j < grid.rows.length; j++) {
      const [red, green, blue] = colorOf(r.params[j * p + mapParam], min, max);
      const k = (grid.rows[j] * width + grid.cols[j]) * 4;
      image.data[k] = red;
      image.data[k + 1] = green;
      image.data[k + 2] = blue;
      image.data[k + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }, [grid, outcome, mapParam, width, height]);
  if (!grid || !outcome || names.length === 0) return null;
  const scale = Math.max(1, Math.floor(320 / Math.max(width, height)));
  return (
    <div className="batch-map">
      <h3>Parameter map</h3>
      <label>
        Parameter{' '}
        <select data-testid="batch-map-param" value={mapParam} onChange={(e) => setMapParam(Number(e.target.value))}>
          {names.map((name, i) => (
            <option key={name} value={i}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <canvas
        ref={canvas}
        data-testid="batch-param-map"
        width={width}
        height={height}
        style={{ width: width * scale, height: height * scale, imageRendering: 'pixelated' }}
        aria-label={`map of ${names[mapParam]} over ${height} rows × ${width} columns`}
      />
    </div>
  );
}
