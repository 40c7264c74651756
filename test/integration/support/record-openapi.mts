// Writes GET /openapi.json of a fresh test server, byte for byte, to the file named on the command line.
import { writeFileSync } from 'node:fs';
import { startTestServer } from './test-server.js';

const server = await startTestServer();
try {
  const response = await fetch(`${server.url}/openapi.json`);
  writeFileSync(process.argv[2], Buffer.from(await response.arrayBuffer()));
} finally {
  await server.close();
}
