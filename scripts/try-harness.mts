import { launchApp } from '../test/e2e/harness'
const app = await launchApp({ dockerHost: 'unix:///tmp/nothing-here.sock' })
await app.page.getByRole('button', { name: 'Retry' }).waitFor({ timeout: 10000 })
await app.page.screenshot({ path: '/tmp/shot-disconnected.png' })
console.log(await app.page.getByRole('region', { name: 'Engine connection' }).innerText())
await app.close()
