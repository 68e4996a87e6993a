import { realpath } from 'node:fs/promises'
import path from 'node:path'
import type { AppServices } from '../app-services'
import type { Handlers } from '../ipc'
import { AppError } from '../../shared/ipc/errors'
import { isInside } from '../grants'
import { addPatternsToDockerignore, inspectContext } from '../docker/build/context'
import { buildCapabilities, resolveBuilder } from '../docker/build/builder-choice'
import { requireListable } from '../host-access'

const HOW_TO_PICK = 'Save the Dockerfile, or press Choose… to pick the folder'

/** A relative context would be read from wherever the app was started. */
export function requireFullPath(contextDir: string): void {
  if (!path.isAbsolute(contextDir)) {
    throw new AppError('invalid-input', `The build context "${contextDir}" is not a full path. Choose the folder with Choose…, or type its full path, like /home/me/myapp.`)
  }
}

/**
 * `<Dockerfile>.dockerignore` is read only from a folder the page may read: inside the context, or
 * granted (the Dockerfile was opened or saved with a native dialog, or its folder picked).
 */
export async function dockerfileDirReadable(app: AppServices, contextDir: string, dockerfilePath: string | null): Promise<boolean> {
  if (!dockerfilePath || !path.isAbsolute(dockerfilePath)) return false
  const dir = path.dirname(dockerfilePath)
  const real = (p: string) => realpath(p).catch(() => path.resolve(p))
  // Real paths: a link inside the context may lead anywhere.
  if (isInside(await real(dir), await real(contextDir))) return true
  return !(await app.grants.review(dir)).concern
}

export function contextHandlers(app: AppServices): Handlers['context'] {
  return {
    inspect: async ({ contextDir, dockerfilePath, builder }) => {
      requireFullPath(contextDir)
      await requireListable(app.grants, contextDir, HOW_TO_PICK)
      return inspectContext(contextDir, {
        builder: resolveBuilder(builder, buildCapabilities(app.engine.state)),
        dockerfilePath,
        dockerfileDirReadable: await dockerfileDirReadable(app, contextDir, dockerfilePath)
      })
    },
    choose: async ({ defaultPath }) => {
      const folder = await app.dialogs.chooseFolder({ title: 'Choose the build context folder', ...(defaultPath ? { defaultPath } : {}) })
      if (folder) await app.grants.grantFolder(folder)
      return folder
    },
    addIgnore: async ({ contextDir, patterns }) => {
      requireFullPath(contextDir)
      await requireListable(app.grants, contextDir, HOW_TO_PICK)
      await addPatternsToDockerignore(contextDir, patterns)
    }
  }
}
