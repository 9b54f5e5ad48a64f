import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup, render } from '@testing-library/react';
import { Markdown } from './markdown';

afterEach(cleanup);

describe('the guidelines markdown', () => {
  it('renders headings, lists, emphasis, code and safe links as elements', () => {
    const view = render(
      <Markdown
        text={[
          '# Pairwise',
          'Pick the **better** edit, *not* the prettier one; see `preservation`.',
          '',
          '- first point',
          '- second point',
          '1. one',
          '2. two',
          '[Guide](https://example.com/guide) and [bad](javascript:alert(1))',
        ].join('\n')}
      />,
    );
    expect(view.getByRole('heading', { name: 'Pairwise' }).tagName).toBe('H3');
    expect(view.container.querySelector('strong')?.textContent).toBe('better');
    expect(view.container.querySelector('em')?.textContent).toBe('not');
    expect(view.container.querySelector('code')?.textContent).toBe('preservation');
    expect(view.container.querySelectorAll('ul li')).toHaveLength(2);
    expect(view.container.querySelectorAll('ol li')).toHaveLength(2);
    expect(view.getByRole('link', { name: 'Guide' }).getAttribute('href')).toBe(
      'https://example.com/guide',
    );
    // A javascript: link is not a link.
    expect(view.queryByRole('link', { name: 'bad' })).toBeNull();
  });

  it('shows raw HTML and script tags as text', () => {
    const html =
      '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> <b>hi</b>';
    const view = render(<Markdown text={html} />);
    expect(view.container.querySelector('script, img, b')).toBeNull();
    expect(view.container.textContent).toBe(html);
  });
});
