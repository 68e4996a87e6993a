// Generated Dockerfiles that lean on what makes incremental re-reading hard:
// continuations, here-documents, variables, directives, stage names, ignore
// comments and text dockerfile-utils complains about.
import fc from 'fast-check'

const name = fc.constantFrom('app', 'build', 'base', 'Build', 'x1', 'web')
const image = fc.constantFrom('debian:bookworm', 'alpine', 'ubuntu:latest', 'python:3.12-slim', '${BASE}', '$BASE', 'base', 'img:', 'scratch')
const variable = fc.constantFrom('A', 'BASE', 'PORT', 'SIG', 'TARGETOS')

const instruction: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(image, fc.option(name, { nil: undefined })).map(([i, n]) => `FROM ${i}${n ? ` AS ${n}` : ''}`),
  fc.tuple(variable, image).map(([v, i]) => `FROM --platform=$BUILDPLATFORM ${i} AS ${v.toLowerCase()}`),
  fc.tuple(variable, fc.option(fc.constantFrom('1', '80', 'debian', 'SIGKILL', '"two words"'), { nil: undefined })).map(([v, d]) => `ARG ${v}${d ? `=${d}` : ''}`),
  fc.tuple(variable, fc.constantFrom('80', '8080/udp', 'x', '$A')).map(([v, d]) => `ENV ${v}=${d}`),
  fc.constantFrom('EXPOSE 80', 'EXPOSE $PORT', 'EXPOSE ${PORT}/tcp', 'EXPOSE 80/x', 'EXPOSE 99999', 'EXPOSE 80/tcp 443', 'expose 53/udp'),
  fc.constantFrom('STOPSIGNAL SIGTERM', 'STOPSIGNAL $SIG', 'STOPSIGNAL 9x', 'STOPSIGNAL ${SIG:-9}'),
  fc.constantFrom('ONBUILD EXPOSE $PORT', 'ONBUILD FROM x', 'ONBUILD RUN make', 'ONBUILD ONBUILD RUN x'),
  fc.constantFrom(
    'RUN apt-get update',
    'RUN apt-get install curl',
    'RUN apt-get update && apt-get install -y python-pip',
    'RUN sudo make install',
    'RUN cd /src && make',
    'RUN pip install flask',
    'RUN echo $HOME ${A:+x}',
    'RUN ["sh", "-c", "echo hi"]',
    "RUN ['echo', 'hi']",
    'run echo lower'
  ),
  fc.constantFrom(
    'RUN echo one \\\n    && echo two',
    'RUN echo one \\\n    # inside\n    && echo two',
    'RUN echo one \\\n\n    && echo two',
    'RUN <<EOF\necho hi\nEOF',
    'RUN <<EOF\necho never closed',
    'COPY <<EOF /x\nhello\nEOF'
  ),
  fc.constantFrom('CMD ["python3", "app.py"]', 'CMD python3 app.py', 'ENTRYPOINT ["./run"]', 'HEALTHCHECK --interval=5 CMD true', 'HEALTHCHECK NONE'),
  fc.constantFrom('COPY a b /dest', 'COPY --from=build /out /in/', 'ADD app.py /app/', 'COPY --chown=app . /app/', 'WORKDIR app', 'WORKDIR /srv', 'USER app'),
  fc.constantFrom('MAINTAINER someone', 'LABEL a="b c"', 'SHELL ["/bin/bash", "-c"]', 'VOLUME /data', 'BOGUS thing', 'ENV A B')
)

const line: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: instruction },
  { weight: 1, arbitrary: fc.constantFrom('# a comment', '# dockerfile-utils: ignore', '# slipway-ignore: apt-install-yes', '#', '  # indented') },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t') }
)

export interface GeneratedDockerfile {
  text: string
  eol: '\n' | '\r\n'
}

export const generatedDockerfile: fc.Arbitrary<GeneratedDockerfile> = fc
  .record({
    eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\n', '\r\n'),
    head: fc.constantFrom('', '# syntax=docker/dockerfile:1', '# escape=`', 'ARG BASE=debian:bookworm', '# escape=`\n# syntax=x'),
    lines: fc.array(line, { maxLength: 30 }),
    finalNewline: fc.boolean()
  })
  .map(({ eol, head, lines, finalNewline }) => {
    const all = [...(head ? [head] : []), ...lines]
    const body = all.join('\n') + (finalNewline && all.length > 0 ? '\n' : '')
    return { text: body.replace(/\n/g, eol), eol }
  })

/** What a person might type or delete: single characters mostly, sometimes a line or a structure-changing fragment. */
const typed = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('x', ' ', 'a', '1', '$', '"', "'", '#', '\\', '`', '=', '/', '[', ']') },
  { weight: 2, arbitrary: fc.constantFrom('\n', '\r\n', ' \\\n', '\\\n', '\n\n') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('<<EOF\n', 'EOF\n', 'FROM x AS base\n', 'ARG PORT=8080\n', 'ENV SIG=KILL\n', 'EXPOSE $PORT\n', '# escape=`\n', '# c\n', 'RUN ', '\nFROM ')
  }
)

export interface TextEdit {
  /** Where, as a fraction of the text length. */
  at: number
  /** How many characters to remove there. */
  remove: number
  insert: string
}

export const textEdit: fc.Arbitrary<TextEdit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 4, max: 40 }) }),
  insert: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 4, arbitrary: typed })
})

export function applyEdit(text: string, edit: TextEdit): string {
  const at = Math.min(text.length, Math.floor(edit.at * (text.length + 1)))
  return text.slice(0, at) + edit.insert + text.slice(Math.min(text.length, at + edit.remove))
}
