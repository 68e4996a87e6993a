// Renders resources/icon.svg into the PNG sizes electron-builder and the window use (resources/icons/).
// Run: npx tsx scripts/make-icons.ts — uses Debian's Chromium, so no image tool is needed.
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchBrowser } from '../test/e2e/harness'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024]

const svg = await readFile(path.join(root, 'resources/icon.svg'), 'utf8')
const browser = await launchBrowser()
try {
  for (const size of sizes) {
    const page = await browser.newPage({ viewport: { width: size, height: size } })
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="width:${size}px;height:${size}px;display:block" `)}</body></html>`)
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
    await writeFile(path.join(root, 'resources/icons', `${size}x${size}.png`), png)
    await page.close()
  }
} finally {
  await browser.close()
}
console.log(`wrote ${sizes.length} icons to resources/icons/`)
