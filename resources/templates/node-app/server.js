const http = require('node:http')

const port = Number(process.env.PORT) || 3000

const server = http.createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
  response.end('Hello from a container built with Slipway!\n')
})

// Listen on every interface: inside a container, localhost is only the container itself.
server.listen(port, '0.0.0.0', () => console.log(`Listening on port ${port}`))

// Stop quickly when docker stop sends SIGTERM.
process.on('SIGTERM', () => server.close(() => process.exit(0)))
