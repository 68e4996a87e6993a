// The dockerfile channels: each entry is `name: channel(zodSchema).returns<ResultType>()`.
export const dockerfileChannels = {}
