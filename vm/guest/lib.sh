# Functions for scripts that run inside the mnemosyne test VM (vm/run). Source it from bash.
#
# Checks print one result line each, also appended to /exchange/results:
#   RESULT PASS <suite>/<check>
#   RESULT FAIL <suite>/<check>: <why>
# so that the host can assert on them after the VM has gone.

RESULTS=/exchange/results
SUITE=${SUITE:-main}
FAILURES=0

in_vm() {
  [ "$(hostname)" = mnemosyne-vm ] && mountpoint -q /exchange
}

if ! in_vm; then
  echo "vm/guest/lib.sh: this runs only inside the mnemosyne test VM (vm/run); refusing to run on a host" >&2
  exit 125
fi

say() { printf '\n--- %s\n' "$*"; }

pass() {
  printf 'RESULT PASS %s/%s\n' "$SUITE" "$1" | tee -a "$RESULTS"
}

fail() {
  local name=$1
  shift
  printf 'RESULT FAIL %s/%s: %s\n' "$SUITE" "$name" "$*" | tee -a "$RESULTS"
  FAILURES=$((FAILURES + 1))
}

# check NAME COMMAND [ARG...]: passes when the command succeeds; its output is shown.
check() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    [ -z "$out" ] || printf '%s\n' "$out"
    pass "$name"
  else
    [ -z "$out" ] || printf '%s\n' "$out"
    fail "$name" "'$*' failed"
  fi
}

# check_exit NAME EXPECTED COMMAND [ARG...]: runs the command (output streamed) and compares its exit code.
check_exit() {
  local name=$1 expected=$2 rc
  shift 2
  "$@"
  rc=$?
  if [ "$rc" -eq "$expected" ]; then
    pass "$name"
  else
    fail "$name" "exit code $rc, expected $expected"
  fi
  return 0
}

# ---- the CLI ----

# mnemosyne ARG...: the real CLI, through its launcher, with the jar that vm/run --jar named.
mnemosyne() {
  [ -n "${MNEMOSYNE_JAR:-}" ] || { echo "no jar: start the VM with vm/run --jar JAR" >&2; return 125; }
  "$MNEMOSYNE_VM_REPO/bin/mnemosyne" "$@"
}

# exec_mnemosyne ARG...: the same, replacing the shell (for a background job whose pid is the JVM's).
exec_mnemosyne() {
  [ -n "${MNEMOSYNE_JAR:-}" ] || { echo "no jar: start the VM with vm/run --jar JAR" >&2; return 125; }
  exec "$MNEMOSYNE_VM_REPO/bin/mnemosyne" "$@"
}

# ---- a NAS share served by Samba on 127.0.0.1, inside the VM only ----

# start_samba SHARE_DIR USER PASSWORD [NAME]: serves SHARE_DIR as //127.0.0.1/NAME (default share) for USER.
start_samba() {
  in_vm || return 125
  local dir=$1 user=$2 password=$3 name=${4:-share}
  mkdir -p "$dir" /etc/samba /var/log/samba /run/samba /var/lib/samba/private
  chmod 0777 "$dir"
  cat > /etc/samba/smb.conf <<CONF
[global]
  server role = standalone server
  interfaces = 127.0.0.1
  bind interfaces only = yes
  smb ports = 445
  disable netbios = yes
  passdb backend = tdbsam
  map to guest = never
  server min protocol = SMB2_10
  log file = /var/log/samba/log.%m
  log level = 1
[$name]
  path = $dir
  read only = no
  valid users = $user
  create mask = 0600
  directory mask = 0700
CONF
  id "$user" >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin "$user"
  printf '%s\n%s\n' "$password" "$password" | smbpasswd -a -s "$user" >/dev/null 2>&1 || { echo "smbpasswd failed" >&2; return 1; }
  smbd -D
  local i
  for i in $(seq 100); do
    ss -ltn | grep -q '127.0.0.1:445 ' && return 0
    sleep 0.2
  done
  echo "smbd did not start listening on 127.0.0.1:445" >&2
  return 1
}

# ---- filesystems for source trees (tmpfs on this kernel keeps no user xattrs) ----

# make_ext4 IMAGE MOUNTPOINT SIZE [UUID]: a fresh ext4 on a loop device, mounted; prints the loop device.
make_ext4() {
  local image=$1 mnt=$2 size=$3 uuid=${4:-} dev
  truncate -s "$size" "$image"
  mkfs.ext4 -q -F ${uuid:+-U "$uuid"} "$image"
  dev=$(losetup -f --show "$image")
  mkdir -p "$mnt"
  mount "$dev" "$mnt"
  echo "$dev"
}

# ---- comparing trees ----

# same_tree EXPECTED ACTUAL: contents, modes, owners, times, xattrs, ACLs, symlinks and hard links equal.
same_tree() {
  local diff
  diff=$(rsync -aHAXc --numeric-ids --dry-run --itemize-changes --delete "$1/" "$2/" 2>&1) || { printf '%s\n' "$diff"; return 1; }
  if [ -n "$diff" ]; then
    printf 'differences between %s and %s:\n%s\n' "$1" "$2" "$diff"
    return 1
  fi
}

# same_inode A B: A and B are hard links of one file.
same_inode() {
  [ "$(stat -c %d:%i "$1")" = "$(stat -c %d:%i "$2")" ] || { echo "$1 and $2 are not hard links of one file"; return 1; }
}

# read_only_subvolume DIR: a read-only btrfs subvolume that refuses writes.
read_only_subvolume() {
  btrfs property get -ts "$1" ro | grep -qx 'ro=true' || { echo "$1 is not a read-only subvolume"; return 1; }
  if touch "$1/.write-test" 2>/dev/null; then
    echo "could write into $1"
    return 1
  fi
}

# ---- leftovers ----

# nothing_left_open: no CIFS or btrfs mount, no device-mapper mapping, no loop device except the allowed ones.
nothing_left_open() {
  local allowed=" $* " problems="" mounts maps loops l
  mounts=$(awk '$3 == "cifs" || $3 == "btrfs" || $1 ~ /^\/dev\/mapper\// {print $1 " on " $2 " (" $3 ")"}' /proc/mounts)
  [ -z "$mounts" ] || problems+="still mounted: $mounts; "
  maps=$(dmsetup ls 2>/dev/null | grep -v '^No devices found' || true)
  [ -z "$maps" ] || problems+="still mapped: $maps; "
  loops=""
  for l in $(losetup -n -O NAME 2>/dev/null); do
    case "$allowed" in *" $l "*) ;; *) loops+="$l " ;; esac
  done
  [ -z "$loops" ] || problems+="loop devices still attached: $loops; "
  [ -z "$problems" ] || { echo "$problems"; return 1; }
}

# ---- secrets ----

# watch_cmdlines SECRET_FILE HITS_FILE: in the background, until stopped, records every process
# whose command line contains the secret; the secret itself never goes into a command line here.
watch_cmdlines() {
  local secret=$1 hits=$2
  : > "$hits"
  (
    while :; do
      grep -alF -f "$secret" /proc/[0-9]*/cmdline 2>/dev/null >> "$hits"
      sleep 0.1
    done
  ) &
  WATCH_PID=$!
}

stop_watch() {
  kill "$WATCH_PID" 2>/dev/null
  wait "$WATCH_PID" 2>/dev/null
  return 0
}

finish() {
  say "$SUITE: $FAILURES failed check(s)"
  [ "$FAILURES" -eq 0 ]
}
