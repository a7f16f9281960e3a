/**
 * The notebooks that ship with the app: Markdown files in ./notebooks, read at build time
 * (Vite bundles each as a string), parsed once, in the order of their `order` field.
 */
import { parseNotebook, type ParsedNotebook } from './notebook-source';

const SOURCES = import.meta.glob<string>('./notebooks/*.md', { query: '?raw', import: 'default', eager: true });

function ordered(): ParsedNotebook[] {
  const list = Object.values(SOURCES).map((source) => parseNotebook(source));
  return list.sort(
    (a, b) => Number(a.meta.order || 99) - Number(b.meta.order || 99) || a.meta.id.localeCompare(b.meta.id),
  );
}

/** Every shipped notebook, in reading order. */
export const NOTEBOOKS: readonly ParsedNotebook[] = ordered();

/** A shipped notebook by id, or undefined. */
export function findNotebook(id: string | undefined): ParsedNotebook | undefined {
  return NOTEBOOKS.find((n) => n.meta.id === id);
}
