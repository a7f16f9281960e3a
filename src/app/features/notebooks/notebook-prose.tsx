import { Fragment, type ReactNode } from 'react';
import {
  checkValue,
  parseMarkdown,
  safeHref,
  type CheckedNumber,
  type Inline,
  type MarkdownBlock,
} from '../../../tutorials/notebook-markdown';

/** Live values of the checked numbers of one prose block, in reading order (null: not run yet). */
export type CheckValues = readonly (number | string | null)[] | null;

/** A prose block rendered from Markdown as React elements (never as HTML). */
export function NotebookProse({ markdown, values }: { markdown: string; values: CheckValues }) {
  const blocks = parseMarkdown(markdown);
  const counter = { next: 0 };
  return (
    <div className="notebook-prose">
      {blocks.map((block, i) => (
        <ProseBlock key={i} block={block} values={values} counter={counter} />
      ))}
    </div>
  );
}

interface Ctx {
  values: CheckValues;
  counter: { next: number };
}

function ProseBlock({ block, ...ctx }: { block: MarkdownBlock } & Ctx) {
  const inl = (nodes: Inline[]) => renderInline(nodes, ctx);
  switch (block.kind) {
    case 'heading': {
      const Tag = (['h2', 'h2', 'h3', 'h4'] as const)[block.level - 1];
      return <Tag>{inl(block.children)}</Tag>;
    }
    case 'paragraph':
      return <p>{inl(block.children)}</p>;
    case 'quote':
      return <blockquote>{inl(block.children)}</blockquote>;
    case 'code':
      return <pre className="notebook-static-code">{block.text}</pre>;
    case 'list': {
      const items = block.items.map((item, i) => <li key={i}>{inl(item)}</li>);
      return block.ordered ? <ol start={block.start}>{items}</ol> : <ul>{items}</ul>;
    }
    case 'table':
      return (
        <table className="notebook-table">
          <thead>
            <tr>
              {block.header.map((cell, i) => (
                <th key={i} scope="col">
                  {inl(cell)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {block.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c}>{inl(cell)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}

function renderInline(nodes: Inline[], ctx: Ctx): ReactNode {
  return nodes.map((node, i) => {
    switch (node.kind) {
      case 'text':
        return <Fragment key={i}>{node.text}</Fragment>;
      case 'code':
        return <code key={i}>{node.text}</code>;
      case 'strong':
        return <strong key={i}>{renderInline(node.children, ctx)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(node.children, ctx)}</em>;
      case 'link': {
        const href = safeHref(node.href);
        return href ? (
          <a key={i} href={href} rel={/^https?:/.test(href) ? 'noopener noreferrer' : undefined}>
            {renderInline(node.children, ctx)}
          </a>
        ) : (
          <Fragment key={i}>{renderInline(node.children, ctx)}</Fragment>
        );
      }
      case 'checked': {
        const index = ctx.counter.next++;
        return <CheckedFigure key={i} check={node.check} value={ctx.values ? ctx.values[index] : undefined} />;
      }
    }
  });
}

/** A stated figure; once its cell has run, marked as confirmed by the live value or not. */
function CheckedFigure({ check, value }: { check: CheckedNumber; value: number | string | null | undefined }) {
  const status = value === undefined ? 'pending' : checkValue(check, value) ? 'ok' : 'mismatch';
  const live = typeof value === 'number' ? String(Number(value.toPrecision(8))) : String(value ?? 'no value');
  const title =
    status === 'pending'
      ? `Checked against ${check.expression} when the cell above runs`
      : `${check.expression} = ${live} (stated ${check.text} ± ${check.tolerance})`;
  return (
    <span
      className={`checked-number checked-${status}`}
      data-testid="notebook-number"
      data-expression={check.expression}
      data-expected={check.text}
      data-tolerance={check.tolerance}
      data-actual={value === undefined ? '' : live}
      data-status={status}
      title={title}
    >
      {check.text}
      {status === 'mismatch' && <span className="checked-live"> (this run: {live})</span>}
    </span>
  );
}
