// Habits from interactive shells that do not carry over to RUN.
import { isPipInstall, programWords, runPrograms, runSimpleCommands } from '../shell'
import { patchCommands } from '../patch'
import type { Rule } from '../types'
import { hadolintCheck, instructionsOf, replaceFix } from '../util'

export const sudoInRun: Rule = {
  id: 'hadolint/DL3004',
  check({ statements }) {
    return instructionsOf(statements, 'RUN')
      .filter((block) => runSimpleCommands(block).some((w) => w.some((word, i) => word === 'sudo' && programWords(w.slice(0, i)).length === 0)))
      .map((block) =>
        hadolintCheck(
          block,
          'DL3004',
          'warning',
          'sudo is usually not installed in images, and RUN already runs as root unless a USER line changed that. Remove sudo; if you switched to another user, put USER root before this step and switch back after.'
        )
      )
  }
}

export const cdInRun: Rule = {
  id: 'hadolint/DL3003',
  check({ statements }) {
    return instructionsOf(statements, 'RUN')
      .filter((block) => runPrograms(block).some((w) => w[0] === 'cd'))
      .map((block) =>
        hadolintCheck(
          block,
          'DL3003',
          'info',
          'cd only lasts until the end of this RUN; the next instruction starts in the WORKDIR again. Use WORKDIR /path to change folders for the following steps.'
        )
      )
  }
}

export const pipNoCacheDir: Rule = {
  id: 'hadolint/DL3042',
  check({ doc, statements }) {
    const stagesWithoutCache = new Set(
      instructionsOf(statements, 'ENV')
        .filter((env) => env.args.pairs.some((p) => p.key === 'PIP_NO_CACHE_DIR'))
        .map((env) => env.stageIndex)
    )
    const envDisablesCache = (stageIndex: number) => stagesWithoutCache.has(stageIndex)
    const needsFlag = (w: string[]) => isPipInstall(w) && !w.includes('--no-cache-dir')
    return instructionsOf(statements, 'RUN')
      .filter((block) => runPrograms(block).some(needsFlag))
      .filter((block) => !envDisablesCache(block.stageIndex))
      .filter((block) => !(block.args.mounts ?? []).some((m) => /type=cache/.test(m) && /pip/.test(m)))
      .map((block) => {
        const patched = patchCommands(block, doc.escapeChar, needsFlag, (text) => text.replace(/(\binstall\b)/, '$1 --no-cache-dir'))
        return hadolintCheck(
          block,
          'DL3042',
          'info',
          'pip keeps a download cache that ends up in the image and is never used again. Add --no-cache-dir to pip install.',
          patched ? replaceFix('Add --no-cache-dir', block, patched) : undefined
        )
      })
  }
}
