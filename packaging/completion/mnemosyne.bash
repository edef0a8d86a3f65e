# bash completion for mnemosyne
# Generated from the command's option tables by ReferenceDocs; do not edit.
_mnemosyne() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
    --export-recovery-kit|-c|--config|--target|--metrics-file)
      COMPREPLY=($(compgen -f -- "$cur"))
      compopt -o filenames 2>/dev/null
      return 0
      ;;
    --restore|--scrub-timeout|--sample|--max-age)
      COMPREPLY=()
      return 0
      ;;
  esac
  local opts="--init-key --init-store --backup --mount --unmount --list --restore --export-recovery-kit --status --verify --grow-store --change-key --verify-environment --check-config --version --help --config --dry-run --json --verbose --quiet --target --force --detach --scrub-timeout --sample --all --max-age --metrics-file -h -c -v -q"
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _mnemosyne mnemosyne
