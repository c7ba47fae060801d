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

