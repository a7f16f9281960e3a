import { useService } from '../../stores/hooks';

const SHOWN = 20;

/** The health state machine's transitions, newest first, with why each happened. */
export function HealthHistory() {
  const history = useService((s) => s.snapshot.healthHistory);
  if (history.length === 0) {
    return (
      <p className="muted service-history-empty" data-testid="health-history">
        No health transitions yet: the service has been Healthy since the page opened.
      </p>
    );
  }
  const recent = history.slice(-SHOWN).reverse();
  return (
    <div className="table-scroll">
      <table className="health-history" data-testid="health-history">
        <caption className="muted">
          Health transitions ({history.length}
          {history.length > SHOWN ? `, the last ${SHOWN} shown` : ''})
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Error rate</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {recent.map((t) => (
            <tr key={`${t.at}-${t.from}-${t.to}`}>
              <td>{new Date(t.at).toLocaleTimeString()}</td>
              <td>{t.from}</td>
              <td>{t.to}</td>
              <td>{`${(t.errorRate * 100).toFixed(0)}%`}</td>
              <td>{t.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
