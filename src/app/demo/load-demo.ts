/** Puts a demo data set and its model into the workbench store, as if the user had typed them. */
import type { WorkbenchStore } from '../stores/workbench-store';
import { generateDemo, type DemoDataset } from './demo-datasets';

export async function loadDemo(store: WorkbenchStore, name: string): Promise<DemoDataset> {
  const demo = await generateDemo(name);
  const s = store.getState();
  const picks = { x: demo.x, y: demo.y, sigma: demo.sigma };
  // Start values first, so the parameter rows the model creates pick them up.
  store.setState({ demoStart: demo.p0 });
  if (demo.text !== null) {
    s.setDataText(demo.text);
    s.commitData();
    s.setPicks(picks);
  } else {
    s.loadColumns(`demo "${demo.name}" (${demo.title}, generated)`, demo.columnNames, demo.columns, picks);
    store.setState({ arraysDemo: demo.name });
  }
  s.setModelText(demo.model);
  return demo;
}
