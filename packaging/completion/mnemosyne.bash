# bash completion for mnemosyne
# Generated from the command's option tables by ReferenceDocs; do not edit.
_mnemosyne() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
    -c|--config|--target|--export-recovery-kit|--metrics-file)
      COMPREPLY=($(compgen -f -- "$cur"))
      compopt -o filenames 2>/dev/null
      return 0
      ;;
    --restore|--max-age|--scrub-timeout|--sample)
      COMPREPLY=()
      return 0
      ;;
  esac
  local opts="--init-key --init-store --backup --mount --verify-environment --check-config --version --help --config --dry-run --json --verbose --quiet --list --restore --unmount --status --target --force --detach --max-age --export-recovery-kit --verify --scrub-timeout --sample --all --metrics-file --grow-store --change-key -h -c -v -q"
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _mnemosyne mnemosyne
