// Reads the Dockerfile instruction back out of an image history entry's CreatedBy. The classic builder
// writes `/bin/sh -c #(nop)  EXPOSE 80` for metadata steps and `/bin/sh -c apt-get …` (after `|N ARG=v …`
// for build args) for RUN; BuildKit writes `RUN /bin/sh -c … # buildkit`, `EXPOSE map[80/tcp:{}]`, `COPY . /app`.

import { isInstructionKeyword } from '../../../shared/dockerfile/types'

export interface ParsedCreatedBy {
  instruction: string
  text: string
}


const SHELL_PREFIX = /^(?:\/bin\/(?:ba)?sh -c|cmd \/S \/C|powershell -command)\s+/i

/** `|2 A=1 B=2 /bin/sh -c …`: the build args the classic builder records before a RUN. */
function stripBuildArgs(text: string): string {
  const match = /^\|(\d+)\s+/.exec(text)
  if (!match) return text
  let rest = text.slice(match[0].length)
  const count = Number(match[1])
  for (let i = 0; i < count; i++) {
    const arg = /^\S+=(?:"[^"]*"|\S*)\s*/.exec(rest)
    if (!arg) break
    rest = rest.slice(arg[0].length)
  }
  return rest
}

/** BuildKit prints maps as Go does: `EXPOSE map[80/tcp:{} 443/tcp:{}]` → `EXPOSE 80/tcp 443/tcp`. */
function tidyGoMap(instruction: string, text: string): string {
  const map = /^map\[(.*)\]$/.exec(text)
  if (!map || (instruction !== 'EXPOSE' && instruction !== 'VOLUME')) return text
  return map[1]!.split(' ').map((entry) => entry.replace(/:\{\}$/, '')).filter(Boolean).join(' ')
}

export function parseCreatedBy(createdBy: string, comment = ''): ParsedCreatedBy {
  let text = createdBy.trim()
  if (text === '') return { instruction: comment.startsWith('Imported') ? '(imported)' : '(unknown)', text: comment }
  text = text.replace(/\s+# buildkit$/, '')
  text = stripBuildArgs(text)
  const shell = SHELL_PREFIX.exec(text)
  if (shell) {
    const rest = text.slice(shell[0].length)
    const nop = /^#\(nop\)\s*/.exec(rest)
    if (!nop) return { instruction: 'RUN', text: rest.trim() }
    text = rest.slice(nop[0].length).trim()
  }
  const word = /^([A-Za-z]+)(?:\s+|$)/.exec(text)
  if (word && isInstructionKeyword(word[1]!)) {
    const instruction = word[1]!.toUpperCase()
    let args = text.slice(word[0].length).trim()
    if (instruction === 'RUN') args = stripBuildArgs(args).replace(SHELL_PREFIX, '')
    return { instruction, text: tidyGoMap(instruction, args) }
  }
  return { instruction: 'RUN', text }
}
