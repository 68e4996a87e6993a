// The tutorial's app.py, as the "Python web app (Flask)" template gives it to users, and what it answers.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const template = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/templates/python-flask/app.py')

export const FLASK_APP_PY = readFileSync(template, 'utf8')

/** The text GET / answers with. */
export const FLASK_GREETING = 'Hello from a container built with Slipway!\n'

if (!FLASK_APP_PY.includes(JSON.stringify(FLASK_GREETING))) throw new Error(`${template} no longer answers ${JSON.stringify(FLASK_GREETING)}`)
