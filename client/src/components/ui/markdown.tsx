import { type ReactNode } from 'react';

/**
 * A small Markdown subset rendered as React elements (never as HTML): headings, paragraphs,
 * bullet and numbered lists, fenced code, `code`, **bold**, *italic* and [links](https://…).
 * Anything else, raw HTML included, shows as the text it is.
 */
type MarkdownProps = { text: string; className?: string };

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'code'; text: string };

export function Markdown({ text, className }: MarkdownProps) {
  return (
    <div className={className ? `markdown ${className}` : 'markdown'}>
      {parseBlocks(text).map(renderBlock)}
    </div>
  );
}

function renderBlock(block: Block, index: number): ReactNode {
  switch (block.kind) {
    case 'heading': {
      // Guideline headings sit under the page's own title and section headings.
      const Tag = (['h3', 'h4', 'h5', 'h6'] as const)[Math.min(block.level, 4) - 1];
      return <Tag key={index}>{renderInline(block.text)}</Tag>;
    }
    case 'paragraph':
      return <p key={index}>{renderInline(block.text)}</p>;
    case 'code':
      return (
        <pre key={index} className="code-block">
          <code>{block.text}</code>
        </pre>
      );
    case 'list': {
      const items = block.items.map((item, i) => <li key={i}>{renderInline(item)}</li>);
      return block.ordered ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>;
    }
  }
}

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

export function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (line.trimStart().startsWith('```')) {
      flush();
      const code: string[] = [];
      for (i += 1; i < lines.length && !lines[i].trimStart().startsWith('```'); i += 1) {
        code.push(lines[i]);
      }
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    const item = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1].length, text: heading[2].trim() });
    } else if (item) {
      flush();
      const ordered = !BULLET.test(line);
      const last = blocks.at(-1);
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(item[1]);
      else blocks.push({ kind: 'list', ordered, items: [item[1]] });
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

// Underscore emphasis only between word boundaries, so snake_case names stay as they are.
const INLINE =
  /(`[^`]+`)|(\*\*[^*]+\*\*|(?<!\w)__[^_]+__(?!\w))|(\*[^*\s][^*]*\*|(?<!\w)_[^_\s][^_]*_(?!\w))|(\[[^\]]+\]\([^)\s]+\))/;

/** Inline spans, left to right; unmatched markers stay as text. */
export function renderInline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  while (rest.length > 0) {
    const match = INLINE.exec(rest);
    if (!match) {
      out.push(rest);
      break;
    }
    if (match.index > 0) out.push(rest.slice(0, match.index));
    out.push(inlineElement(match, out.length));
    rest = rest.slice(match.index + match[0].length);
  }
  return out;
}

function inlineElement(match: RegExpExecArray, key: number): ReactNode {
  const [whole, code, bold, italic, link] = match;
  if (code) return <code key={key}>{whole.slice(1, -1)}</code>;
  if (bold) return <strong key={key}>{renderInline(whole.slice(2, -2))}</strong>;
  if (italic) return <em key={key}>{renderInline(whole.slice(1, -1))}</em>;
  if (link) {
    const [, label, href] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(whole) ?? [];
    if (href && /^(https?:|mailto:)/i.test(href)) {
      return (
        <a key={key} href={href} target="_blank" rel="noreferrer noopener">
          {label}
        </a>
      );
    }
    return label ?? whole;
  }
  return whole;
}
