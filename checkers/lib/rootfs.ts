/**
 * Judging a root filesystem a learner built from an image's layers: every final file with the right
 * content, every whiteout applied, no `.wh.` marker left (image-spec layer.md, "Whiteouts").
 */
import { sha256 } from '../../server/registry/index.ts';
import type { LearnerFiles } from './files.ts';
import { fail, notYet, pass, type CheckResult } from './results.ts';
import { findNamed } from './saved-blobs.ts';

export interface ExpectedRootfs {
  /** How messages name the image, e.g. "my/app:v1". */
  label: string;
  /** Final files: path relative to the rootfs → sha256 hex of the content. */
  files: Record<string, string>;
  /** Paths a lower layer created and a whiteout deleted. */
  deleted?: string[];
  /** Stale content (sha256 hex) of paths a later layer replaced, to recognise layers applied out of order. */
  overwritten?: Record<string, string>;
}

export function judgeRootfs(files: LearnerFiles, expected: ExpectedRootfs, root: string): CheckResult {
  if (files.list(root) === null) return notYet(`There is no ${root} yet.`, `Unpack the image's layers into ${root}, first layer first.`);
  const contents = Object.entries(expected.files).map(([file, digest]) => ({ file, digest, bytes: files.read(`${root}/${file}`) }));
  const missing = contents.filter((entry) => entry.bytes === null).map((entry) => entry.file);
  // Files still missing means the layers are not all unpacked yet: a lower layer's file that a whiteout will delete is no mistake then.
  if (missing.length) return notYet(`${root} does not have ${missing.join(', ')} yet.`, 'Extract every layer of the manifest into it, in order, first layer first.');
  const problems: string[] = [];
  let hint: string | undefined;
  for (const { file, digest, bytes } of contents) {
    if (bytes && sha256(bytes) !== `sha256:${digest}`) {
      problems.push(`${file} has the wrong content`);
      const stale = expected.overwritten?.[file];
      if (stale && sha256(bytes) === `sha256:${stale}`) hint ??= `${file} still holds an earlier layer's version: a later layer replaces it. Extract the layers in the manifest's order, base first (image-spec: layers are applied in order).`;
    }
  }
  const deleted = expected.deleted ?? [];
  const leftovers = deleted.filter((file) => files.read(`${root}/${file}`) !== null || files.list(`${root}/${file}`) !== null);
  if (leftovers.length) {
    problems.push(`${leftovers.join(', ')} should be gone`);
    hint ??= `A later layer deletes ${leftovers.join(', ')} with a whiteout file (.wh.<name>), and tar does not know that convention: it just writes an empty .wh. file. Delete the named file yourself, then the marker (image-spec layer.md, "Whiteouts").`;
  }
  const markers = findNamed(files, root, '.wh.');
  if (markers.length) {
    problems.push(`${markers.join(', ')} is a whiteout marker, not a file of the image`);
    hint ??= 'A .wh.<name> entry only says "delete <name>"; once applied, remove the marker too: it never appears in a running container\u2019s filesystem.';
  }
  if (problems.length) return fail(`${root} is not yet the filesystem of ${expected.label}: ${problems.join('; ')}.`, { hint });
  const whiteouts = deleted.length ? `, with ${deleted.length === 1 ? 'its whiteout' : `its ${deleted.length} whiteouts`} applied` : '';
  return pass(`${root} holds the ${Object.keys(expected.files).length} files of ${expected.label}${whiteouts}.`);
}
