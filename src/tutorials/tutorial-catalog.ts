/**
 * The walkthroughs, as data the app renders: each is a sequence of prose and "try it" steps
 * that open the workbench in a prepared state (a demo data set, a backend, fault injection).
 * Links use the workbench's own URL contract (DESIGN.md: ?demo=, &backend=, &chaos=).
 */
export type TutorialBlock =
  | { kind: 'text'; text: string }
  | { kind: 'try'; label: string; href: string; expect: string }
  | { kind: 'code'; text: string };

export interface Tutorial {
  id: string;
  title: string;
  summary: string;
  minutes: number;
  blocks: TutorialBlock[];
}

export const TUTORIALS: readonly Tutorial[] = [
  {
    id: 'first-fit',
    title: 'Your first fit',
    summary: 'Fit a Gaussian peak, read the parameters with their uncertainties, and judge the fit from its residuals.',
    minutes: 5,
    blocks: [
      {
        kind: 'text',
        text: 'A fit adjusts the parameters of a model until the model passes as close as possible to the data, in the least-squares sense. Fitbench starts from automatic guesses for library models, so a peak needs nothing more than its name.',
      },
      {
        kind: 'try',
        label: 'Open a Gaussian data set',
        href: '?demo=gaussian#/',
        expect:
          'The data box holds 201 rows of x and y; the model field says gaussian and the parameter table is filled with guesses.',
      },
      {
        kind: 'text',
        text: 'Press Fit. The convergence chart shows the cost ½Σr² falling, on a log scale, iteration by iteration; the status line says converged and why the solver stopped (which tolerance was met).',
      },
      {
        kind: 'text',
        text: 'Each parameter comes with a standard error and a 95% interval (Student t with n − p degrees of freedom). An amplitude of 3.21 ± 0.015 means the data pin it down to about half a percent.',
      },
      {
        kind: 'text',
        text: 'Look at the residual plot under the fit: residuals scattered without pattern around zero say the model describes the data. A wave or a trend in them says something is missing, here for example a baseline.',
      },
      { kind: 'code', text: 'gaussian + constant' },
      {
        kind: 'text',
        text: 'Type that model, press Guess, and fit again: the sum gets prefixed parameter names (g1_a, const1_c…) and the reduced χ² tells you whether the extra parameter earned its place.',
      },
    ],
  },
  {
    id: 'surviving-a-crash',
    title: 'A fit that survives a crash',
    summary: 'Watch a worker crash mid-fit, the service retry it from its last checkpoint, and the health badge react.',
    minutes: 5,
    blocks: [
      {
        kind: 'text',
        text: 'Fits run in Web Workers and write a checkpoint of the solver state to IndexedDB every 10 iterations or 2 seconds. The chaos switches in the URL inject the faults that real use produces rarely.',
      },
      {
        kind: 'try',
        label: 'Crash the worker at iteration 4',
        href: '?demo=gaussian&chaos=crashWorkerAtIteration:4,iterationDelayMs:800#/',
        expect:
          'Set the start of mu to 3 (a poor start needs more iterations) and press Fit. Each iteration is slowed to 0.8 s, so a checkpoint lands after 2 s; the worker crashes at iteration 4, the service retries the fit from that checkpoint, and it converges. The metrics count one retry and its recovery time, and the job log shows WORKER_CRASH.',
      },
      {
        kind: 'try',
        label: 'Reload in the middle of a slow fit',
        href: '?demo=gaussian&chaos=iterationDelayMs:1000#/',
        expect:
          'Set the start of mu to 3, press Fit, and reload the page after about three seconds. Press Resume: the fit continues from its checkpoint and reaches the same answer as an uninterrupted one.',
      },
      {
        kind: 'try',
        label: 'Fail every fit',
        href: '?demo=gaussian&chaos=failureRate:1#/',
        expect:
          'Press Fit three times. Each fit is retried three times (a few seconds) and then reads failed, with Injected fault in the message. The health badge still reads Healthy after the first failed fit, Degraded after the second and Failed after the third; the error budget falls to 0 and the CPU breaker in the dashboard opens. Set failureRate to 0 in the chaos panel and fit twice: the badge reads Recovery after the first success (or after 30 s by itself) and Healthy after the second.',
      },
    ],
  },
  {
    id: 'gpu',
    title: 'Fitting on the GPU',
    summary: 'Run the same fit on WebGPU and on the CPU, and see when each wins.',
    minutes: 4,
    blocks: [
      {
        kind: 'text',
        text: 'On the GPU, residuals, the Jacobian and the sums JᵀJ, Jᵀr are computed in float32 by compute shaders; only a few numbers come back per iteration, and the step is solved in float64 on the CPU. When float32 is not enough the fit finishes with float64 iterations on the CPU.',
      },
      {
        kind: 'try',
        label: 'One million points on the GPU',
        href: '?demo=large&backend=webgpu#/',
        expect:
          'The backend indicator says webgpu. On a software adapter (no GPU) this is slower than the CPU: the status line at the bottom says which adapter you have.',
      },
      {
        kind: 'try',
        label: 'The same fit on the CPU',
        href: '?demo=large&backend=cpu#/',
        expect:
          'Compare the solver time in the statistics: with a real GPU the GPU wins from about ten thousand points.',
      },
      {
        kind: 'code',
        text: "await window.fitbench.curveFitBatch({ model: 'gauss4', x, y: curves, p0 }, { backend: 'webgpu' })",
      },
      {
        kind: 'text',
        text: 'Thousands of curves at once are where the GPU shines: the whole Levenberg–Marquardt iteration of each curve runs on the GPU.',
      },
    ],
  },
];

/** A tutorial by id, or undefined. */
export function findTutorial(id: string | undefined): Tutorial | undefined {
  return TUTORIALS.find((t) => t.id === id);
}
