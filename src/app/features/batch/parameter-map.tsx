import { useEffect, useRef } from 'react';
import { useBatch, useBatchActions } from './batch-context';

/**
 * When the curves carry grid coordinates (pixels of an image, wells of a plate): one
 * parameter as an image. The file worker paints it; the page only puts the pixels on the canvas.
 */
export function ParameterMap() {
  const outcome = useBatch((s) => s.outcome);
  const hasGrid = useBatch((s) => Boolean(s.curves?.grid));
  const mapParam = useBatch((s) => s.mapParam);
  const image = useBatch((s) => s.mapImage);
  const { setMapParam } = useBatchActions();
  const canvas = useRef<HTMLCanvasElement>(null);
  const names = outcome?.result.paramNames ?? [];
  useEffect(() => {
    const c = canvas.current;
    if (!c || !image || image.width === 0 || image.height === 0) return;
    c.getContext('2d')?.putImageData(new ImageData(image.rgba, image.width, image.height), 0, 0);
  }, [image]);
  if (!hasGrid || !outcome || names.length === 0) return null;
  const width = image?.width ?? 0;
  const height = image?.height ?? 0;
  const scale = Math.max(1, Math.floor(320 / Math.max(width, height, 1)));
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
      {image && (
        <canvas
          ref={canvas}
          data-testid="batch-param-map"
          data-param={names[image.param]}
          width={width}
          height={height}
          style={{ width: width * scale, height: height * scale, imageRendering: 'pixelated' }}
          aria-label={`map of ${names[image.param]} over ${height} rows × ${width} columns${
            Number.isFinite(image.min) ? `, from ${image.min.toPrecision(4)} to ${image.max.toPrecision(4)}` : ''
          }`}
        />
      )}
    </div>
  );
}
