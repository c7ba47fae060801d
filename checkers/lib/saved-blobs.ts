/**
 * Judging content a learner saved to disk by what it is, not by its name: tutorials save a pulled
 * blob as `layer1.tar.gz`, `<hex>`, `sha256:<hex>` or `blobs/sha256/<hex>`, and all of them are right
 * when the bytes hash to the digest.
 */
import { sha256 } from '../../server/registry/index.ts';
import { FileRefused, type LearnerFiles } from './files.ts';

export interface SavedFile {
  /** The learner path, e.g. /tmp/pulled/config.json. */
  path: string;
  bytes: Buffer;
  digest: string;
}

/**
 * Regular files under a learner directory, down to `depth` levels of subdirectories; links are
 * skipped, never followed. Files above maxBytes are skipped (they cannot be the blob sought), and the
 * whole read is bounded, because the learner decides how much lies there and a check runs often.
 */
export function savedFiles(files: LearnerFiles, dir: string, options: { depth?: number; maxBytes?: number; maxFiles?: number; maxTotalBytes?: number } = {}): SavedFile[] | null {
  const { depth = 2, maxBytes = 1024 * 1024, maxFiles = 200, maxTotalBytes = 16 * 1024 * 1024 } = options;
  const top = files.list(dir);
  if (top === null) return null;
  const found: SavedFile[] = [];
  let total = 0;
  const visit = (current: string, entries: NonNullable<ReturnType<LearnerFiles['list']>>, level: number) => {
    for (const entry of entries) {
      if (found.length >= maxFiles) throw new FileRefused(`${dir} holds more than ${maxFiles} files`);
      const learnerPath = `${current}/${entry.name}`;
      if (entry.kind === 'file' && entry.size <= maxBytes) {
        total += entry.size;
        if (total > maxTotalBytes) throw new FileRefused(`${dir} holds more than ${maxTotalBytes} bytes of files`);
        const bytes = files.read(learnerPath, maxBytes);
        if (bytes) found.push({ path: learnerPath, bytes, digest: sha256(bytes) });
      } else if (entry.kind === 'directory' && level < depth) {
        visit(learnerPath, files.list(learnerPath) ?? [], level + 1);
      }
    }
  };
  visit(dir.replace(/\/+$/, ''), top, 0);
  return found;
}

/** Paths of every entry (any kind) under a learner directory whose name starts with `prefix`, for spotting leftovers such as `.wh.` markers. */
export function findNamed(files: LearnerFiles, dir: string, prefix: string, maxEntries = 5000): string[] {
  const hits: string[] = [];
  let seen = 0;
  const visit = (current: string) => {
    for (const entry of files.list(current) ?? []) {
      if (++seen > maxEntries) throw new FileRefused(`${dir} holds more than ${maxEntries} entries`);
      const learnerPath = `${current}/${entry.name}`;
      if (entry.name.startsWith(prefix)) hits.push(learnerPath);
      if (entry.kind === 'directory') visit(learnerPath);
    }
  };
  visit(dir.replace(/\/+$/, ''));
  return hits;
}
