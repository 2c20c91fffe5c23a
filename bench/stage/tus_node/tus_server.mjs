// @tus/server with its FileStore, the peer of bench/stage/bench.sh.
// Usage: node tus_server.mjs DIRECTORY PORT_FILE   (listens on 127.0.0.1, a free port)
import fs from 'node:fs';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const [directory, portFile] = process.argv.slice(2);
const server = new Server({ path: '/files', datastore: new FileStore({ directory }) });
const listener = server.listen({ host: '127.0.0.1', port: 0 }, () => {
  fs.writeFileSync(portFile, String(listener.address().port));
});
