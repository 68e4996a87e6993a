/** Container names as the engine accepts them: `[a-zA-Z0-9][a-zA-Z0-9_.-]*` (an optional leading `/` is Docker's own). */
export const CONTAINER_NAME_PATTERN = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/

export const CONTAINER_NAME_MAX = 255

/** null when the name is fine (an empty name is fine too: Docker then picks one); otherwise what to change. */
export function containerNameProblem(name: string): string | null {
  if (name === '') return null
  if (CONTAINER_NAME_PATTERN.test(name)) {
    return name.length > CONTAINER_NAME_MAX ? `A container name can be at most ${CONTAINER_NAME_MAX} characters long.` : null
  }
  if (/\s/.test(name)) return 'A container name cannot contain spaces. Use "-" or "_" instead, like my-first-app.'
  if (name.slice(1).includes('/') || name === '/') {
    return 'A container name cannot contain "/". That belongs in image names; use "-" or "_" instead.'
  }
  const body = name.startsWith('/') ? name.slice(1) : name
  if (!/^[a-zA-Z0-9]/.test(body)) return `A container name must start with a letter or a digit, not "${body[0]}".`
  const bad = [...body].find((c) => !/[a-zA-Z0-9_.-]/.test(c))
  return `A container name cannot contain "${bad}". Use letters, digits, "_", "." and "-".`
}

/** The name without Docker's leading slash (`/web` → `web`). */
export function displayContainerName(name: string): string {
  return name.startsWith('/') ? name.slice(1) : name
}
