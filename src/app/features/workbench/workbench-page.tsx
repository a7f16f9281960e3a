/** The workbench: data, model and parameters on the left; charts, results and service health on the right. */
export function WorkbenchPage() {
  return (
    <div className="workbench">
      <section className="panel inputs" aria-label="Fit set-up">
        <h2>Data</h2>
        <textarea data-testid="data-input" spellCheck={false} rows={10} placeholder={'x,y\n0,1.02\n0.5,0.61\n…'} aria-label="Data (CSV or TSV with a header row)" />
        <h2>Model</h2>
        <input data-testid="model-input" type="text" spellCheck={false} placeholder="a*exp(-(x-mu)^2/(2*s^2)) + c" aria-label="Model expression" />
        <div className="actions">
          <button data-testid="fit-button" type="button">
            Fit
          </button>
          <span data-testid="fit-status" className="fit-status">
            idle
          </span>
        </div>
      </section>
      <section className="panel service" aria-label="Service health">
        <h2>Service</h2>
        <span data-testid="health-state" className="badge health-healthy">
          Healthy
        </span>
      </section>
    </div>
  );
}
