import type { Locator, Page } from 'playwright-core'

/** Opens the Dockerfile the scripted open dialog gives, then the build options; returns that dialog. */
export async function openBuildDialog(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Open…' }).click()
  await page.getByRole('button', { name: 'Build', exact: true }).click()
  return page.getByRole('dialog', { name: 'Build an image' })
}
