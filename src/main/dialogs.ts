/** Native dialogs, behind an interface so the test bridge can script them. */
export interface FileFilter {
  name: string
  extensions: string[]
}

export interface Dialogs {
  openFile(options: { title: string; defaultPath?: string; filters?: FileFilter[] }): Promise<string | null>
  saveFile(options: { title: string; defaultPath?: string; filters?: FileFilter[] }): Promise<string | null>
  chooseFolder(options: { title: string; defaultPath?: string }): Promise<string | null>
  /**
   * Returns the index of the chosen button; the last button is the cancel choice. `boundary` marks main's own
   * check of something the page asked for (host paths, engine power, deletes): the trust boundary.
   */
  confirm(options: { message: string; detail?: string; buttons: string[]; boundary?: boolean }): Promise<number>
}
