export function TutorialsPage({ tutorialId }: { tutorialId?: string }) {
  return (
    <div className="tutorials" data-testid="tutorials-page">
      <h1>Tutorials</h1>
      <p>{tutorialId ? `Tutorial “${tutorialId}”` : 'Notebook-style walkthroughs of real fits.'}</p>
    </div>
  );
}
