import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The engine's mount point on every host. */
export const MOUNT_PREFIX = '/byo';

/** Listens on a free loopback port and answers the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
