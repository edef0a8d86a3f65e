#!/bin/sh
# Installs mnemosyne: the jar, the launcher, the man page, the bash completion, the systemd
# units (one store, several stores, the failure report), and an example configuration. Never
# overwrites a configuration or a key. The Debian package (packaging/deb/build) is the other way.
#
#   packaging/install.sh                        # into /usr/local (run as root)
#   PREFIX=/opt/mnemosyne packaging/install.sh  # elsewhere
#   DESTDIR=/tmp/stage packaging/install.sh     # staged, e.g. for a package or a test
#
# Variables (defaults in brackets):
#   PREFIX      [/usr/local]          bin/, lib/mnemosyne/, libexec/mnemosyne/, share/ and lib/systemd/system/ go under it
#   SYSCONFDIR  [$PREFIX/etc]         the configuration directory mnemosyne/ goes under it
#   DESTDIR     []                    prepended to every path written, not to paths in the files
#   JAR         [mnemosyne-cli/target/mnemosyne.jar]  the jar to install (build it with mvn -B package)
#
# The command reads /usr/local/etc/mnemosyne/config.json unless given --config; with another
# SYSCONFDIR the installed service passes --config with the right path.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

PREFIX=${PREFIX:-/usr/local}
SYSCONFDIR=${SYSCONFDIR:-$PREFIX/etc}
DESTDIR=${DESTDIR:-}
JAR=${JAR:-$top/mnemosyne-cli/target/mnemosyne.jar}

case $PREFIX in /*) ;; *) echo "install.sh: PREFIX must be an absolute path: $PREFIX" >&2; exit 2 ;; esac
case $SYSCONFDIR in /*) ;; *) echo "install.sh: SYSCONFDIR must be an absolute path: $SYSCONFDIR" >&2; exit 2 ;; esac
if [ ! -f "$JAR" ]; then
  echo "install.sh: $JAR not found; build it first with: mvn -B package" >&2
  exit 1
fi

bindir=$PREFIX/bin
libdir=$PREFIX/lib/mnemosyne
confdir=$SYSCONFDIR/mnemosyne
unitdir=$PREFIX/lib/systemd/system
completiondir=$PREFIX/share/bash-completion/completions
mandir=$PREFIX/share/man/man1
libexecdir=$PREFIX/libexec/mnemosyne

say() { echo "  $*"; }

echo "installing mnemosyne into ${DESTDIR}${PREFIX}"
install -d -m 0755 "$DESTDIR$bindir" "$DESTDIR$libdir" "$DESTDIR$unitdir" "$DESTDIR$completiondir" \
  "$DESTDIR$mandir" "$DESTDIR$libexecdir"
install -m 0644 "$JAR" "$DESTDIR$libdir/mnemosyne.jar"
say "$libdir/mnemosyne.jar"
install -m 0755 "$top/bin/mnemosyne" "$DESTDIR$bindir/mnemosyne"
say "$bindir/mnemosyne"
install -m 0644 "$here/completion/mnemosyne.bash" "$DESTDIR$completiondir/mnemosyne"
say "$completiondir/mnemosyne"
install -m 0644 "$here/man/mnemosyne.1" "$DESTDIR$mandir/mnemosyne.1"
say "$mandir/mnemosyne.1"
install -m 0755 "$here/notify" "$DESTDIR$libexecdir/notify"
say "$libexecdir/notify"
for unit in mnemosyne-backup.service mnemosyne-backup.timer mnemosyne-backup@.service mnemosyne-backup@.timer \
    mnemosyne-notify@.service; do
  sed -e "s|@BINDIR@|$bindir|g" -e "s|@SYSCONFDIR@|$SYSCONFDIR|g" -e "s|@LIBEXECDIR@|$libexecdir|g" \
    "$here/systemd/$unit" > "$DESTDIR$unitdir/$unit.tmp"
  chmod 0644 "$DESTDIR$unitdir/$unit.tmp"
  mv "$DESTDIR$unitdir/$unit.tmp" "$DESTDIR$unitdir/$unit"
  say "$unitdir/$unit"
done

# The class-data archive that starts the command faster, made for the jar where it now lies (an
# archive made in a staging DESTDIR would name the wrong path, and is left to the real install).
if [ -z "$DESTDIR" ]; then
  sh "$here/class-archive" "$libdir/mnemosyne.jar" "$libdir/mnemosyne.jsa" "$bindir/mnemosyne"
  if [ -f "$libdir/mnemosyne.jsa" ]; then
    say "$libdir/mnemosyne.jsa"
  fi
fi

# The configuration directory holds the key file: private to root.
if [ ! -d "$DESTDIR$confdir" ]; then
  install -d -m 0700 "$DESTDIR$confdir"
fi
install -m 0600 "$here/config.json.example" "$DESTDIR$confdir/config.json.example"
say "$confdir/config.json.example"
if [ -e "$DESTDIR$confdir/config.json" ]; then
  say "$confdir/config.json exists: left as it is"
fi

cat <<NEXT

next steps:
  1. cp $confdir/config.json.example $confdir/config.json && chmod 600 $confdir/config.json
     and edit it (see README.md, "Configuration")
  2. mnemosyne --config $confdir/config.json --verify-environment
  3. mnemosyne --config $confdir/config.json --init-key    (then copy the key somewhere safe, not on the NAS)
  4. mnemosyne --config $confdir/config.json --init-store
  5. systemctl daemon-reload && systemctl enable --now mnemosyne-backup.timer
  more stores: $confdir/NAME.json, each run by: systemctl enable --now mnemosyne-backup@NAME.timer
NEXT
