import { findTutorial, TUTORIALS, type TutorialBlock } from '../../../tutorials/tutorial-catalog';
import { routeHref } from '../../routing';

/** The tutorials index, or one walkthrough. */
export function TutorialsPage({ tutorialId }: { tutorialId?: string }) {
  const tutorial = findTutorial(tutorialId);
  if (tutorialId && !tutorial) {
    return (
      <div className="tutorials" data-testid="tutorials-page">
        <h1>Tutorials</h1>
        <p className="notice">No tutorial “{tutorialId}”.</p>
        <TutorialIndex />
      </div>
    );
  }
  if (!tutorial) {
    return (
      <div className="tutorials" data-testid="tutorials-page">
        <h1>Tutorials</h1>
        <p>Short walkthroughs of real fits. Each “Try it” opens the workbench prepared for the step.</p>
        <TutorialIndex />
      </div>
    );
  }
  return (
    <article className="tutorials" data-testid="tutorials-page">
      <p>
        <a href={routeHref({ page: 'tutorials' })}>← All tutorials</a>
      </p>
      <h1>{tutorial.title}</h1>
      <p className="tutorial-summary">
        {tutorial.summary} <span className="muted">About {tutorial.minutes} minutes.</span>
      </p>
      {tutorial.blocks.map((block, i) => (
        <Block key={i} block={block} />
      ))}
    </article>
  );
}

function TutorialIndex() {
  return (
    <ul className="tutorial-index">
      {TUTORIALS.map((t) => (
        <li key={t.id}>
          <a href={routeHref({ page: 'tutorials', tutorialId: t.id })} data-testid={`tutorial-link-${t.id}`}>
            {t.title}
          </a>
          <span> — {t.summary}</span>
        </li>
      ))}
    </ul>
  );
}

function Block({ block }: { block: TutorialBlock }) {
  if (block.kind === 'text') return <p>{block.text}</p>;
  if (block.kind === 'code') return <pre className="tutorial-code">{block.text}</pre>;
  return (
    <div className="tutorial-try">
      <a href={block.href} className="button-link">
        Try it: {block.label}
      </a>
      <p className="muted">{block.expect}</p>
    </div>
  );
}
