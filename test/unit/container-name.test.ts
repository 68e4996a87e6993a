import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { containerNameProblem, displayContainerName } from '../../src/shared/docker/container-name'

describe('containerNameProblem', () => {
  it('accepts what Docker accepts', () => {
    for (const name of ['', 'myfirstapp', 'my-first_app.2', 'A1', '9lives', '/web']) expect(containerNameProblem(name), name).toBeNull()
  })

  it('says what to change', () => {
    expect(containerNameProblem('my app')).toMatch(/spaces/)
    expect(containerNameProblem('team/app')).toMatch(/cannot contain "\/"/)
    expect(containerNameProblem('-app')).toMatch(/start with a letter or a digit, not "-"/)
    expect(containerNameProblem('.app')).toMatch(/not "\."/)
    expect(containerNameProblem('app!')).toMatch(/cannot contain "!"/)
    expect(containerNameProblem('café')).toMatch(/cannot contain "é"/)
  })

  it('agrees with Docker’s pattern on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (name) => {
        const valid = name === '' || /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)
        expect(containerNameProblem(name) === null).toBe(valid)
      })
    )
  })

  it('drops the leading slash for display', () => {
    expect(displayContainerName('/web')).toBe('web')
    expect(displayContainerName('web')).toBe('web')
  })
})
