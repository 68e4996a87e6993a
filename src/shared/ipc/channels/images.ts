// The images channels: each entry is `name: channel(zodSchema).returns<ResultType>()`.
export const imagesChannels = {}
