/**
 * The scripts `messenger completion <shell>` prints. Each asks `messenger _complete` what may
 * come at the cursor, handing it the line up to there, so the rules live in one place (complete.ts).
 */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;

export type Shell = (typeof SHELLS)[number];

export function isShell(name: string): name is Shell {
  return (SHELLS as readonly string[]).includes(name);
}

export function completionScript(shell: Shell, program: string): string {
  const fn = `_${program.replace(/\W/g, '_')}_complete`;
  switch (shell) {
    case 'bash':
      // Word breaks (`:` and `=`) are passed along: readline replaces only what follows the last one.
      return `# ${program} completion for bash. Load it with:  eval "$(${program} completion bash)"
${fn}() {
    local IFS=$'\\n'
    COMPREPLY=($("\${COMP_WORDS[0]}" _complete --shell=bash "--breaks=\${COMP_WORDBREAKS}" "--line=\${COMP_LINE:0:COMP_POINT}" 2>/dev/null))
}
complete -o default -F ${fn} ${program}
`;
    case 'zsh':
      return `#compdef ${program}
# ${program} completion for zsh. Load it with:  eval "$(${program} completion zsh)"  (after compinit)
${fn}() {
    local -a suggestions
    suggestions=("\${(@f)$("\${words[1]}" _complete --shell=zsh "--line=\${(j: :)words[1,CURRENT]}" 2>/dev/null)}")
    [[ -n "\${suggestions[1]}" ]] || return 1
    _describe -t ${program} '${program}' suggestions
}
compdef ${fn} ${program}
`;
    case 'fish':
      return `# ${program} completion for fish. Load it with:  ${program} completion fish | source
function ${fn}
    set -l command (commandline -opc)[1]
    $command _complete --shell=fish "--line="(commandline -cp) 2>/dev/null
end
complete -c ${program} -f -a '(${fn})'
`;
  }
}
