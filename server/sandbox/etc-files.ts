/** The few /etc files a learner's sandbox sees that the lab writes itself. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PASSWD = 'learner:x:1000:1000:Registry Lab learner:/home/learner:/bin/bash\n';
const GROUP = 'learner:x:1000:\n';

/** Starts the forwarder from localhost:5000 to the session's registry socket, waits until it listens, then runs the command. */
const INIT = `# Registry Lab sandbox init: forward localhost:5000 to this session's registry, then run the shell.
lab_forward() {
  socat TCP-LISTEN:5000,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:/run/registry/registry.sock 2>/dev/null &
  # The lab's own service (token realm, garbage collection), for lessons whose registry has one.
  if [ -S /run/registry/lab.sock ]; then
    socat TCP-LISTEN:5001,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:/run/registry/lab.sock 2>/dev/null &
  fi
}
lab_forward
# The learner's registry credentials (lessons with auth): REGISTRY_USER and REGISTRY_PASSWORD.
if [ -f /run/registry/lab.env ]; then set -a; . /run/registry/lab.env; set +a; fi
# 0x1388 = port 5000 (0x1389 = 5001), state 0A = LISTEN: wait so the first command never races the forwarder.
for _ in $(seq 400); do
  if grep -q ':1388 00000000:0000 0A' /proc/net/tcp 2>/dev/null; then
    [ ! -S /run/registry/lab.sock ] || grep -q ':1389 00000000:0000 0A' /proc/net/tcp 2>/dev/null && break
  fi
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
# Restarts the localhost:5000 forwarder (and :5001, the lab's token and garbage-collection service,
# where the lesson has it) if it was stopped (for example with kill or pkill).
lab-reconnect-registry() {
  if [ -S /run/registry/lab.sock ] && ! grep -q ':1389 00000000:0000 0A' /proc/net/tcp; then
    socat TCP-LISTEN:5001,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:/run/registry/lab.sock 2>/dev/null &
    disown
    echo "localhost:5001 forwards to the lab's service again"
  fi
  if grep -q ':1388 00000000:0000 0A' /proc/net/tcp; then echo "localhost:5000 is already forwarded"; return 0; fi
  socat TCP-LISTEN:5000,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:/run/registry/registry.sock 2>/dev/null &
  disown
  echo "localhost:5000 forwards to your registry again"
}
if [ -f ~/.bashrc ]; then . ~/.bashrc; fi
`;

/**
 * registry-gc: runs the registry's own garbage-collect on this session's registry, through the
 * lab's service at localhost:5001 (the lab stops the registry, collects, and starts it again).
 */
const REGISTRY_GC = `#!/bin/bash
# registry-gc: run this session's registry's own "registry garbage-collect" (the lab stops the
# registry while it runs, then starts it again). Options as the real command's:
#   -d, --dry-run          only say what would be deleted
#   -m, --delete-untagged  also delete manifests that no tag points at
dry=false untagged=false
for arg in "$@"; do
  case "$arg" in
    -d|--dry-run) dry=true ;;
    -m|--delete-untagged) untagged=true ;;
    -dm|-md) dry=true untagged=true ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "registry-gc: unknown option $arg (try --dry-run, --delete-untagged)" >&2; exit 2 ;;
  esac
done
if ! grep -q ':1389 00000000:0000 0A' /proc/net/tcp 2>/dev/null; then
  echo "registry-gc: this lesson's registry does not offer garbage collection" >&2; exit 1
fi
curl -sS --fail-with-body -X POST "http://localhost:5001/gc?dry-run=$dry&delete-untagged=$untagged"
`;

export function writeEtcFiles(etcDir: string): void {
  mkdirSync(etcDir, { recursive: true, mode: 0o755 });
  writeFileSync(path.join(etcDir, 'passwd'), PASSWD, { mode: 0o644 });
  writeFileSync(path.join(etcDir, 'group'), GROUP, { mode: 0o644 });
  writeFileSync(path.join(etcDir, 'init'), INIT, { mode: 0o644 });
  writeFileSync(path.join(etcDir, 'bashrc'), BASHRC, { mode: 0o644 });
  mkdirSync(path.join(etcDir, 'bin'), { recursive: true, mode: 0o755 });
  writeFileSync(path.join(etcDir, 'bin', 'registry-gc'), REGISTRY_GC, { mode: 0o755 });
}

/** /etc/hosts of one host: localhost is IPv4 only because the forwarder listens on 127.0.0.1. */
export function writeHostsFile(etcDir: string, hostName: string): void {
  writeFileSync(path.join(etcDir, `hosts-${hostName}`), `127.0.0.1\tlocalhost ${hostName}\n`, { mode: 0o644 });
}
