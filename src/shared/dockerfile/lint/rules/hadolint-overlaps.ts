// hadolint's DL rules that say what a BuildKit check says. Each is reported on
// the instruction BuildKit's check names, so lint/index.ts shows the two as
// one diagnostic; each keeps its own suppression (`# hadolint ignore=DL4000`
// silences hadolint's side, `# check=skip=MaintainerDeprecated` BuildKit's).
import { stagesOf } from '../stage-chain'
import type { Diagnostic, Rule } from '../types'
import { hadolintCheck, instructionsOf } from '../util'

export const dl3000: Rule = {
  id: 'hadolint/DL3000',
  check({ statements }) {
    return instructionsOf(statements, 'WORKDIR')
      .filter((b) => !/^([/$\\]|[A-Za-z]:[\\/])/.test(b.args.path))
      .map((b) => hadolintCheck(b, 'DL3000', 'warning', `Use absolute WORKDIR: "${b.args.path}" is relative to the WORKDIR before it.`))
  }
}

export const dl3025: Rule = {
  id: 'hadolint/DL3025',
  check({ statements }) {
    return [...instructionsOf(statements, 'CMD'), ...instructionsOf(statements, 'ENTRYPOINT')]
      .filter((b) => b.args.form === 'shell')
      .map((b) => hadolintCheck(b, 'DL3025', 'warning', `Use arguments JSON notation for ${b.keyword} arguments.`))
  }
}

export const dl4000: Rule = {
  id: 'hadolint/DL4000',
  check({ statements }) {
    return instructionsOf(statements, 'MAINTAINER').map((b) => hadolintCheck(b, 'DL4000', 'warning', 'MAINTAINER is deprecated.'))
  }
}

const MULTIPLE = { CMD: 'DL4003', ENTRYPOINT: 'DL4004', HEALTHCHECK: 'DL3012' } as const

/** DL4003, DL4004, DL3012: reported on each instruction a later one of the same kind in the stage overrides. */
export const dlMultiple: Rule = {
  id: 'hadolint/DL4003',
  check({ statements }) {
    const out: Diagnostic[] = []
    for (const stage of stagesOf(statements)) {
      const seen = new Map<string, (typeof stage.statements)[number]>()
      for (const b of stage.statements) {
        if (b.kind !== 'instruction' || !(b.keyword in MULTIPLE)) continue
        const keyword = b.keyword as keyof typeof MULTIPLE
        const previous = seen.get(keyword)
        seen.set(keyword, b)
        if (previous) out.push(hadolintCheck(previous, MULTIPLE[keyword], 'warning', `Multiple ${keyword} instructions found: only the last one takes effect.`))
      }
    }
    return out
  }
}
