import { describe, expect, it } from 'vitest'
import { parseCreatedBy } from '../../src/main/docker/images/image-history'

describe('parseCreatedBy', () => {
  it.each([
    ['/bin/sh -c #(nop)  EXPOSE 80/tcp', 'EXPOSE', '80/tcp'],
    ['/bin/sh -c #(nop) COPY file:abc123 in /app ', 'COPY', 'file:abc123 in /app'],
    ['/bin/sh -c #(nop)  CMD ["httpd" "-f"]', 'CMD', '["httpd" "-f"]'],
    ['/bin/sh -c apt-get update && apt-get install -y curl', 'RUN', 'apt-get update && apt-get install -y curl'],
    ['|2 VERSION=1.0 NAME="a b" /bin/sh -c echo $VERSION', 'RUN', 'echo $VERSION'],
    ['RUN /bin/sh -c pip install -r requirements.txt # buildkit', 'RUN', 'pip install -r requirements.txt'],
    ['RUN |1 X=1 /bin/sh -c make # buildkit', 'RUN', 'make'],
    ['EXPOSE map[5000/tcp:{} 53/udp:{}]', 'EXPOSE', '5000/tcp 53/udp'],
    ['COPY . /app # buildkit', 'COPY', '. /app'],
    ['WORKDIR /app', 'WORKDIR', '/app'],
    ['cmd /S /C #(nop) ENV A=b', 'ENV', 'A=b'],
    ['some-tool --flag', 'RUN', 'some-tool --flag']
  ])('reads %j as %s', (createdBy, instruction, text) => {
    expect(parseCreatedBy(createdBy)).toEqual({ instruction, text })
  })

  it('names an imported base layer', () => {
    expect(parseCreatedBy('', 'Imported from -')).toEqual({ instruction: '(imported)', text: 'Imported from -' })
  })
})
