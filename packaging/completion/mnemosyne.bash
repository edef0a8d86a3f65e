# bash completion for mnemosyne
_mnemosyne() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
    -c|--config|--target|--export-recovery-kit)
      COMPREPLY=($(compgen -f -- "$cur"))
      compopt -o filenames 2>/dev/null
      return 0
      ;;
  esac
  local opts="--init-key --init-store --backup --mount --unmount --list --restore --status --verify
    --verify-environment --check-config --version -h --help -c --config --dry-run --json -v --verbose
    -q --quiet --target --force --detach --max-age --export-recovery-kit --scrub-timeout
    --sample --all --grow-store --change-key"
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _mnemosyne mnemosyne
