/** Lesson rendering: Run buttons only where running the block as written makes sense. */
import { describe, expect, it } from 'vitest';
import { renderLesson, runnableBlocks } from '../../server/lessons/index.ts';

describe('renderLesson', () => {
  it('gives a run block a Run button on its host', () => {
    const html = renderLesson('```sh run=host-2\ncurl -s http://$REGISTRY/v2/\n```\n\n```sh run\necho hi\n```\n', 'host-1');
    expect(html.match(/data-run-host="[^"]+"/g)).toEqual(['data-run-host="host-2"', 'data-run-host="host-1"']);
  });

  it('never gives a block with a placeholder a Run button, only Copy', () => {
    const html = renderLesson('```sh run=host-2\nDIGEST=sha256:PASTE-THE-DIGEST-HERE\n```\n\n```sh run\ncurl http://$REGISTRY/v2/a/blobs/<digest>\n```\n', 'host-1');
    expect(html).not.toContain('data-run-host');
    expect(html.match(/data-code-block/g)).toHaveLength(2);
  });

  it('keeps the Run button for redirections and here-documents', () => {
    const html = renderLesson('```sh run\ncat <<EOF > /tmp/x.json\n{}\nEOF\nsort < /tmp/a >/tmp/b\ntr -d x <in.txt >out.txt\n```\n', 'host-1');
    expect(html).toContain('data-run-host="host-1"');
  });

  it('lists the runnable blocks in order with their lines, marking placeholders', () => {
    const blocks = runnableBlocks('text\n\n```sh run\na=1\n```\n\n```sh\nplain\n```\n\n```sh run=host-2\necho <name>\n```\n', 'host-1');
    expect(blocks).toEqual([
      { host: 'host-1', code: 'a=1\n', line: 3 },
      { host: 'host-2', code: 'echo <name>\n', line: 11, placeholder: '<name>' },
    ]);
  });
});
