// Starts the reference Bluesky network (PLC, PDS, AppView, bsync, ozone) in
// this process for engage's tests, writes its URLs as JSON to the file named
// by ENGAGE_BSKY_READY when ready, and closes it on SIGTERM/SIGINT or when stdin closes (the parent
// test session died), so no server outlives the session that started it.
//
// Needs DB_POSTGRES_URL and ENGAGE_BSKY_SCHEMA (letters and "_" only: bsync
// refuses digits, and PLC keeps its data in memory, so every start needs a
// fresh schema). dev-env only checks that REDIS_HOST is set; it never connects.
import { renameSync, writeFileSync } from 'node:fs'
import { TestNetwork } from '@atproto/dev-env'

process.env.REDIS_HOST ??= 'unused'
const schema = process.env.ENGAGE_BSKY_SCHEMA
if (!schema || !/^[a-z_]+$/.test(schema)) {
  console.error('ENGAGE_BSKY_SCHEMA must be lower-case letters and "_"')
  process.exit(2)
}

const network = await TestNetwork.create({
  dbPostgresSchema: schema,
  // Never pass `port: undefined`: dev-env spreads these options over its own.
  pds: { hostname: 'localhost', enableDidDocWithSession: true },
})

let closing = false
async function close(code) {
  if (closing) return
  closing = true
  try {
    await network.close()
  } catch (err) {
    console.error('closing the network failed:', err)
  }
  process.exit(code)
}
process.on('SIGTERM', () => close(0))
process.on('SIGINT', () => close(0))
process.stdin.on('end', () => close(0))
process.stdin.on('error', () => close(0))
process.stdin.resume()

// Announced through a file, renamed into place, so the parent never reads a
// half-written line and dev-env's own logging on stdout cannot get in the way.
const ready = process.env.ENGAGE_BSKY_READY
const urls = JSON.stringify({
  plc: network.plc.url,
  pds: network.pds.url,
  bsky: network.bsky.url,
  pid: process.pid,
})
if (ready) {
  writeFileSync(`${ready}.part`, urls)
  renameSync(`${ready}.part`, ready)
} else {
  process.stdout.write(urls + '\n')
}
