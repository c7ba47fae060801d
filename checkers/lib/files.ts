/**
 * Reading a learner's files safely. The learner controls everything in their home and /tmp, so a
 * path is walked one component at a time with lstat, a symlink anywhere refuses the read, and the
 * file is opened with O_NOFOLLOW and read up to a size cap (design §5: a planted link to /etc/shadow
 * must not make a checker read it).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import path from 'node:path';

export class FileRefused extends Error {
  override name = 'FileRefused';
}

export interface LearnerFiles {
  /** The file's bytes, or null when it does not exist. Throws FileRefused for links, directories or oversize files. */
  read(learnerPath: string, maxBytes?: number): Buffer | null;
  /** The file as trimmed UTF-8 text, or null when it does not exist. */
  text(learnerPath: string, maxBytes?: number): string | null;
  /** A directory's entries (not followed, sorted by name), or null when it does not exist. Throws FileRefused for links on the way, a non-directory, or more than maxEntries. */
  list(learnerDir: string, maxEntries?: number): DirectoryEntry[] | null;
}

/**
 * A file read only as evidence for a hint about another file or host: its bytes, or null when it is
 * absent or refused. The task is not judged on it, so a link planted there is no error of the task;
 * the file a task IS judged on is read with files.read, whose refusal the runtime reports.
 */
export function readEvidence(files: LearnerFiles, learnerPath: string, maxBytes?: number): Buffer | null {
  try {
    return files.read(learnerPath, maxBytes);
  } catch (error) {
    if (error instanceof FileRefused) return null;
    throw error;
  }
}

export interface DirectoryEntry {
  name: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
}

const DEFAULT_MAX_ENTRIES = 1000;

const DEFAULT_MAX = 1024 * 1024;

/** Maps ~/x, /home/learner/x and /tmp/x to the host directories; anything else is refused. */
function resolve(learnerPath: string, homeDir: string, tmpDir: string): { base: string; parts: string[] } {
  const normalized = learnerPath.replace(/^~(?=\/|$)/, '/home/learner');
  if (!path.isAbsolute(normalized)) throw new FileRefused(`${learnerPath}: use a path under ~ or /tmp`);
  const parts = normalized.split('/').filter(Boolean);
  if (parts.some((part) => part === '..' || part === '.')) throw new FileRefused(`${learnerPath}: ".." and "." are not allowed`);
  if (parts[0] === 'tmp') return { base: tmpDir, parts: parts.slice(1) };
  if (parts[0] === 'home' && parts[1] === 'learner') return { base: homeDir, parts: parts.slice(2) };
  throw new FileRefused(`${learnerPath}: only files under ~ and /tmp can be checked`);
}

function readCapped(file: string, maxBytes: number, shown: string): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new FileRefused(`${shown} is not a regular file`);
    if (stat.size > maxBytes) throw new FileRefused(`${shown} is larger than ${maxBytes} bytes`);
    const buffer = Buffer.alloc(stat.size);
    let offset = 0;
    while (offset < stat.size) {
      const read = readSync(fd, buffer, offset, stat.size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return buffer.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}

/** The host path of a learner path, walked with lstat: null when a component is missing, FileRefused at a link. */
function walk(learnerPath: string, homeDir: string, tmpDir: string): string | null {
  const { base, parts } = resolve(learnerPath, homeDir, tmpDir);
  let current = base;
  for (const [index, part] of parts.entries()) {
    current = path.join(current, part);
    const stat = lstatSync(current, { throwIfNoEntry: false });
    if (!stat) return null;
    if (stat.isSymbolicLink()) throw new FileRefused(`${learnerPath} goes through a symbolic link; save a real file instead`);
    if (index < parts.length - 1 && !stat.isDirectory()) return null;
  }
  return current;
}

function kindOf(stat: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): DirectoryEntry['kind'] {
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isFile()) return 'file';
  return stat.isDirectory() ? 'directory' : 'other';
}

export function learnerFiles(homeDir: string, tmpDir: string): LearnerFiles {
  const read = (learnerPath: string, maxBytes = DEFAULT_MAX): Buffer | null => {
    const current = walk(learnerPath, homeDir, tmpDir);
    if (current === null) return null;
    try {
      return readCapped(current, maxBytes, learnerPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new FileRefused(`${learnerPath} is a symbolic link; save a real file instead`);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };
  const list = (learnerDir: string, maxEntries = DEFAULT_MAX_ENTRIES): DirectoryEntry[] | null => {
    const directory = walk(learnerDir, homeDir, tmpDir);
    if (directory === null) return null;
    if (!lstatSync(directory).isDirectory()) throw new FileRefused(`${learnerDir} is not a directory`);
    const names = readdirSync(directory);
    if (names.length > maxEntries) throw new FileRefused(`${learnerDir} has more than ${maxEntries} entries`);
    return names.sort().flatMap((name) => {
      const stat = lstatSync(path.join(directory, name), { throwIfNoEntry: false });
      return stat ? [{ name, kind: kindOf(stat), size: stat.size }] : [];
    });
  };
  return {
    read,
    text: (learnerPath, maxBytes) => read(learnerPath, maxBytes)?.toString('utf8').trim() ?? null,
    list,
  };
}
