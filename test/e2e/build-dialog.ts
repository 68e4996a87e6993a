import type { Locator, Page } from 'playwright-core'

/** Opens the Dockerfile the scripted open dialog gives, then the build options; returns that dialog. */
export async function openBuildDialog(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Open…' }).click()
  // The build options start from the open file's folder: wait until the file is open (its path shows).
  await page.locator('.file-path').waitFor({ timeout: 20_000 })
  await page.getByRole('button', { name: 'Build', exact: true }).click()
  return page.getByRole('dialog', { name: 'Build an image' })
}
