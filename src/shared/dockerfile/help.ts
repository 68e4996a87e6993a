// Inline help for each instruction, written for Slipway.
import type { Keyword } from './types'

export { INSTRUCTION_KEYWORDS } from './types'

export interface InstructionHelp {
  /** What the instruction does, in one sentence. */
  summary: string
  /** What it does not do, and the usual surprises. */
  notes: string[]
  example: string
}

export const instructionHelp: Record<Keyword, InstructionHelp> = {
  FROM: {
    summary: 'Picks the image your build starts from; every later instruction adds to it. Each FROM begins a new build stage.',
    notes: [
      'Name a stage with "AS name" so later stages can copy files out of it with COPY --from=name.',
      'Only the last stage ends up in the final image unless you choose another target stage when building.',
      'Without a tag you get "latest", which changes over time: pin a tag such as 3.12-slim so builds repeat.',
      'ARG lines before the first FROM can be used in FROM, but are not visible after it unless declared again.'
    ],
    example: 'FROM python:3.12-slim AS app'
  },
  RUN: {
    summary: 'Runs a command inside the image while it is being built and keeps the files it changed.',
    notes: [
      'Each RUN adds a layer: chain related commands with && so temporary files are removed in the same layer.',
      'It runs at build time, not when a container starts; use CMD or ENTRYPOINT for that.',
      'The build cannot answer prompts: pass -y to apt-get install and similar tools.',
      'A shell-form RUN uses /bin/sh -c; a JSON list runs the program directly without a shell.'
    ],
    example: 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'
  },
  CMD: {
    summary: 'Sets the default command a container runs when it starts.',
    notes: [
      'Only the last CMD in a stage counts; earlier ones are silently replaced.',
      'Arguments given to "docker run image …" replace CMD entirely.',
      'It does nothing during the build.',
      'Prefer the JSON list form so the program receives stop signals directly instead of through a shell.'
    ],
    example: 'CMD ["python3", "app.py"]'
  },
  LABEL: {
    summary: 'Attaches key=value metadata to the image, shown by docker inspect.',
    notes: [
      'Labels do not change how the image runs.',
      'Labels from the base image are inherited; a label with the same key replaces the old value.',
      'Use the org.opencontainers.image.* keys for common facts such as source and version.'
    ],
    example: 'LABEL org.opencontainers.image.source="https://example.com/repo"'
  },
  MAINTAINER: {
    summary: 'Records who maintains the image. It is deprecated.',
    notes: [
      'Use LABEL maintainer="name <email>" instead; tools read labels, not this field.',
      'It has no effect on the build or on containers.'
    ],
    example: 'LABEL maintainer="Ada <ada@example.com>"'
  },
  EXPOSE: {
    summary: 'Documents which ports the application inside listens on (tcp unless you add /udp).',
    notes: [
      'It does not publish the port: reaching it from your machine needs -p host:container when running (or -P for all exposed ports).',
      'It does not make the application listen; the program must bind the port itself, on 0.0.0.0 rather than 127.0.0.1.',
      'Ports range from 1 to 65535.'
    ],
    example: 'EXPOSE 5000'
  },
  ENV: {
    summary: 'Sets environment variables for the rest of the build and for containers started from the image.',
    notes: [
      'Values stay in the image and are visible with docker inspect: do not put secrets here.',
      'For a value used only while building, ARG is the better fit.',
      'A container can override them with -e NAME=value.'
    ],
    example: 'ENV PYTHONUNBUFFERED=1 APP_HOME=/app'
  },
  ADD: {
    summary: 'Copies files into the image, and can also fetch a URL or unpack a local tar archive.',
    notes: [
      'For plain local files use COPY: it does only what it says.',
      'A local .tar, .tar.gz and similar archive is unpacked automatically; a downloaded one is not.',
      'Sources must be inside the build context, like COPY.'
    ],
    example: 'ADD https://example.com/tool.tar.gz /tmp/'
  },
  COPY: {
    summary: 'Copies files and folders from the build context (or from another stage with --from) into the image.',
    notes: [
      'Sources must be inside the build context: paths like ../file do not work, and files listed in .dockerignore are not there.',
      'The destination is inside the image; a relative one is taken from WORKDIR. End it with / when copying several files into a folder.',
      'Copy dependency lists (requirements.txt, package.json) before the rest of the code so the install step stays cached.',
      'Files are owned by root unless you pass --chown.'
    ],
    example: 'COPY requirements.txt /app/'
  },
  ENTRYPOINT: {
    summary: 'Sets the program a container always runs; CMD then supplies its default arguments.',
    notes: [
      'Arguments to "docker run image …" are appended to it rather than replacing it; override it with --entrypoint.',
      'In shell form it ignores CMD and run arguments, and does not receive stop signals: prefer the JSON list form.',
      'Only the last ENTRYPOINT in a stage counts.'
    ],
    example: 'ENTRYPOINT ["/app/docker-entrypoint.sh"]'
  },
  VOLUME: {
    summary: 'Marks a path as a place for data that lives outside the container’s own filesystem.',
    notes: [
      'Docker creates an anonymous volume there when a container starts without -v for that path.',
      'Changes RUN makes to that path after the VOLUME line are thrown away.',
      'It cannot choose a host folder; that is done with -v or --mount at run time.'
    ],
    example: 'VOLUME /var/lib/data'
  },
  USER: {
    summary: 'Sets the user (and optionally group) for the following RUN, CMD and ENTRYPOINT instructions.',
    notes: [
      'The user must already exist in the image (create it with RUN useradd …) unless you give a numeric id.',
      'It does not change who owns copied files; use COPY --chown for that.',
      'Running as a non-root user limits what a compromised container can do.'
    ],
    example: 'USER app:app'
  },
  WORKDIR: {
    summary: 'Sets the folder in which later RUN, CMD, ENTRYPOINT, COPY and ADD work, creating it if needed.',
    notes: [
      'Use an absolute path; a relative one is added to the previous WORKDIR, which is easy to get wrong.',
      'Prefer it to "RUN cd …": a cd lasts only for that one RUN.'
    ],
    example: 'WORKDIR /app'
  },
  ARG: {
    summary: 'Declares a build-time variable, set with --build-arg NAME=value, with an optional default.',
    notes: [
      'It exists only while building; containers do not see it (copy it into ENV if they should).',
      'Values can still be read from the image history: do not pass secrets this way.',
      'An ARG before the first FROM is only usable in FROM lines unless repeated inside the stage.'
    ],
    example: 'ARG PYTHON_VERSION=3.12'
  },
  ONBUILD: {
    summary: 'Stores an instruction that runs later, when another Dockerfile uses this image in its FROM.',
    notes: [
      'It does nothing in this build.',
      'It fires only for direct children, not for images built from those.',
      'ONBUILD cannot contain FROM, MAINTAINER or another ONBUILD.'
    ],
    example: 'ONBUILD COPY . /app/src'
  },
  STOPSIGNAL: {
    summary: 'Chooses the signal sent to the container’s main process by docker stop.',
    notes: [
      'The default is SIGTERM; after a timeout Docker sends SIGKILL anyway.',
      'It only helps if the main process receives signals: use the JSON form of CMD/ENTRYPOINT.'
    ],
    example: 'STOPSIGNAL SIGQUIT'
  },
  HEALTHCHECK: {
    summary: 'Tells Docker how to test that a running container still works, so its status shows healthy or unhealthy.',
    notes: [
      'An unhealthy container is not restarted by plain Docker; orchestrators may act on the status.',
      'The command runs inside the container, so tools like curl must be installed in the image.',
      'Only the last HEALTHCHECK counts; HEALTHCHECK NONE turns off one inherited from the base image.',
      'Options: --interval, --timeout, --start-period, --start-interval and --retries.'
    ],
    example: 'HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost:5000/ || exit 1'
  },
  SHELL: {
    summary: 'Replaces the shell used by shell-form RUN, CMD and ENTRYPOINT (default ["/bin/sh", "-c"]).',
    notes: [
      'It must be written as a JSON list.',
      'It affects the instructions after it only, and does not change the shell inside a running container.',
      'Useful for bash options such as -o pipefail, or for PowerShell in Windows images.'
    ],
    example: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]'
  }
}
