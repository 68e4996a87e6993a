/** Docker's short image ID: the first 12 hex digits of the digest, as `docker images` shows it. */
export function shortImageId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12)
}

/** An image named by what the person picked: a full ID shortened the way Docker shows it, a reference as it is. */
export function imageLabel(idOrReference: string): string {
  return idOrReference.startsWith('sha256:') ? shortImageId(idOrReference) : idOrReference
}
