// Rows a person has added but not filled in yet stay in the form, not in the Dockerfile.
import type { ArgsByKeyword, CommandArgs, Keyword } from '../../../shared/dockerfile'

const filled = (s: string) => s.trim() !== ''

function cleanCommand(command: CommandArgs): CommandArgs {
  return command.form === 'exec' ? { form: 'exec', args: command.args.filter(filled) } : command
}

export function cleanArgs(keyword: Keyword, args: ArgsByKeyword[Keyword]): ArgsByKeyword[Keyword] {
  switch (keyword) {
    case 'RUN': {
      const a = args as ArgsByKeyword['RUN']
      return a.form === 'exec' ? { ...a, args: (a.args ?? []).filter(filled) } : a
    }
    case 'COPY':
    case 'ADD': {
      const a = args as ArgsByKeyword['COPY']
      return { ...a, sources: a.sources.filter(filled) }
    }
    case 'CMD':
    case 'ENTRYPOINT':
      return cleanCommand(args as CommandArgs)
    case 'HEALTHCHECK': {
      const a = args as ArgsByKeyword['HEALTHCHECK']
      return a.command ? { ...a, command: cleanCommand(a.command) } : a
    }
    case 'EXPOSE': {
      const a = args as ArgsByKeyword['EXPOSE']
      return { ports: a.ports.filter((p) => filled(String(p.port))) }
    }
    case 'ENV':
    case 'LABEL': {
      const a = args as ArgsByKeyword['ENV']
      return { pairs: a.pairs.filter((p) => filled(p.key)) }
    }
    case 'VOLUME': {
      const a = args as ArgsByKeyword['VOLUME']
      return { paths: a.paths.filter(filled) }
    }
    case 'SHELL': {
      const a = args as ArgsByKeyword['SHELL']
      return { args: a.args.filter(filled) }
    }
    default:
      return args
  }
}
