/** Solutions and mistakes switch hosts with "# host: host-N" lines; the first section runs on the lesson's first host. */
const HOST_LINE = /^# host: (host-[1-9])\s*$/;

export function hostSections(script: string, defaultHost: string): { host: string; script: string }[] {
  const sections: { host: string; script: string }[] = [{ host: defaultHost, script: '' }];
  for (const line of script.split('\n')) {
    const match = HOST_LINE.exec(line);
    if (match) sections.push({ host: match[1]!, script: '' });
    else sections.at(-1)!.script += `${line}\n`;
  }
  return sections.filter((section) => section.script.trim());
}


/**
 * A solution in per-task parts: a "# task: <id>" line starts the part that completes that task.
 * Each part is self-contained (it runs in fresh shells, and "Show me" types it into a learner's
 * terminal), starts on the lesson's first host, and may switch hosts with "# host:" lines.
 */
export interface SolutionPart {
  task: string;
  sections: { host: string; script: string }[];
}

const TASK_LINE = /^# task: ([a-z0-9][a-z0-9-]*)\s*$/;

/** Lines before the first "# task:" line are returned as `preamble` so that a linter can refuse them. */
export function solutionParts(script: string, defaultHost: string): { preamble: string; parts: SolutionPart[] } {
  let preamble = '';
  const raw: { task: string; text: string }[] = [];
  for (const line of script.split('\n')) {
    const match = TASK_LINE.exec(line);
    if (match) raw.push({ task: match[1]!, text: '' });
    else if (raw.length) raw.at(-1)!.text += `${line}\n`;
    else preamble += `${line}\n`;
  }
  return { preamble, parts: raw.map((part) => ({ task: part.task, sections: hostSections(part.text, defaultHost) })) };
}
