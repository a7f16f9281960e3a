import { useWorkbench } from '../../stores/hooks';
import './dataset-tabs.css';

/**
 * The project's data sets (for a global fit): one button per set, the active one marked, each
 * removable, a name field for the active one, and "add". With a single set only "add" shows.
 */
export function DatasetTabs() {
  const datasets = useWorkbench((s) => s.datasets);
  const active = useWorkbench((s) => s.activeDataset);
  const select = useWorkbench((s) => s.selectDataset);
  const add = useWorkbench((s) => s.addDataset);
  const remove = useWorkbench((s) => s.removeDataset);
  const rename = useWorkbench((s) => s.renameDataset);
  const several = datasets.length > 1;
  return (
    <div className="dataset-tabs">
      {several && (
        <ul className="dataset-list" aria-label="Data sets">
          {datasets.map((d, k) => {
            // A name cleared while typing still leaves the set a label.
            const label = d.name.trim() || `data set ${k + 1}`;
            return (
              <li key={k} className={k === active ? 'active' : undefined}>
                <button
                  type="button"
                  className="dataset-tab"
                  data-testid={`dataset-tab-${k}`}
                  aria-current={k === active ? 'true' : undefined}
                  onClick={() => void select(k)}
                >
                  <span className="dataset-index" aria-hidden="true">
                    {k + 1}
                  </span>
                  {label}
                </button>
                <button
                  type="button"
                  className="dataset-remove"
                  data-testid={`dataset-remove-${k}`}
                  aria-label={`Remove ${label}`}
                  title={`Remove ${label}`}
                  onClick={() => void remove(k)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="dataset-tools">
        {several && (
          <label className="dataset-name">
            name
            <input
              type="text"
              data-testid="dataset-name"
              value={datasets[active]?.name ?? ''}
              onChange={(e) => rename(active, e.target.value)}
            />
          </label>
        )}
        <button
          type="button"
          className="small"
          data-testid="dataset-add"
          title="Another data set fitted together with this one (a global fit: shared parameters are one for all)"
          onClick={() => void add()}
        >
          + data set
        </button>
      </div>
      {several && (
        <p className="muted dataset-hint">
          {datasets.length} data sets: Fit runs a global fit of all of them with one model. Tick “shared” for a
          parameter common to every set; the others are fitted per set (k_1, k_2…).
        </p>
      )}
    </div>
  );
}
