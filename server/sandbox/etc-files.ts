/** The few /etc files a learner's sandbox sees that the lab writes itself. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PASSWD = 'learner:x:1000:1000:Registry Lab learner:/home/learner:/bin/bash\n';
const GROUP = 'learner:x:1000:\n';

/** Starts the forwarder from localhost:5000 to the session's registry socket, waits until it listens, then runs the command. */
const INIT = `# Registry Lab sandbox init: forward localhost:5000 to this session's registry, then run the shell.
lab_forward() {
  socat TCP-LISTEN:5000,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:/run/registry/registry.sock 2>/dev/null &
}
lab_forward
# 0x1388 = port 5000, state 0A = LISTEN: wait so the first command never races the forwarder.
for _ in $(seq 400); do
  grep -q ':1388 00000000:0000 0A' /proc/net/tcp 2>/dev/null && break
  sleep 0.005
done
unset -f lab_forward
exec "$@"
`;

const BASHRC = `# Registry Lab shell settings
PS1='\\u@\\h:\\w\\$ '
HISTCONTROL=ignoredups
alias ls='ls --color=auto'
alias grep='grep --color=auto'
# Restarts the localhost:5000 forwarder if it was stopped (for example with kill or pkill).
lab-reconnect-registry() {
  if grep -q ':1388 00000000:0000 0A' /proc/net/tcp; then echo "localhost:5000 is already forwarded"; return 0; fi
  socat TCP-LISTEN:5000,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:/run/registry/registry.sock 2>/dev/null &
  disown
  echo "localhost:5000 forwards to your registry again"
}
if [ -f ~/.bashrc ]; then . ~/.bashrc; fi
`;

export function writeEtcFiles(etcDir: string): void {
  mkdirSync(etcDir, { recursive: true, mode: 0o755 });
  writeFileSync(path.join(etcDir, 'passwd'), PASSWD, { mode: 0o644 });
  writeFileSync(path.join(etcDir, 'group'), GROUP, { mode: 0o644 });
  writeFileSync(path.join(etcDir, 'init'), INIT, { mode: 0o644 });
  writeFileSync(path.join(etcDir, 'bashrc'), BASHRC, { mode: 0o644 });
}

/** /etc/hosts of one host: localhost is IPv4 only because the forwarder listens on 127.0.0.1. */
export function writeHostsFile(etcDir: string, hostName: string): void {
  writeFileSync(path.join(etcDir, `hosts-${hostName}`), `127.0.0.1\tlocalhost ${hostName}\n`, { mode: 0o644 });
}
