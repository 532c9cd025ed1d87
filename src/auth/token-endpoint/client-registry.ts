import { checkKnownScopes, OPERATION_SCOPES } from '../scopes.js';
import { requireNodeBuiltin } from '../../runtime/node-builtins.js';
import type { TokenEndpointOptions } from './token-endpoint-options.js';

export interface RegisteredClient {
  readonly id: string;
  readonly scopes: readonly string[];
}

interface StoredClient extends RegisteredClient {
  readonly secretDigest: Uint8Array;
}

const MIN_SECRET_LENGTH = 16;

/** The token endpoint's clients, with secrets held as digests and checked in constant time. */
export class ClientRegistry {
  private readonly clients = new Map<string, StoredClient>();
  private readonly crypto = requireNodeBuiltin('node:crypto', 'The token endpoint (auth.tokenEndpoint)');
  private readonly digest = (secret: string): Uint8Array => this.crypto.createHash('sha256').update(secret, 'utf8').digest();
  /** Compared against when the client id is unknown, so that both cases cost the same. */
  private readonly unknownClientDigest = this.digest('byo-engine: no such client');

  constructor(clients: TokenEndpointOptions['clients']) {
    if (typeof clients !== 'object' || clients === null || Object.keys(clients).length === 0) {
      throw new Error('byo-engine: auth.tokenEndpoint.clients must name at least one client: { [clientId]: { secret } }');
    }
    for (const [id, client] of Object.entries(clients)) {
      if (typeof client?.secret !== 'string' || client.secret.length < MIN_SECRET_LENGTH) {
        throw new Error(
          `byo-engine: the secret of token endpoint client "${id}" must be a string of at least ${MIN_SECRET_LENGTH} characters`,
        );
      }
      checkKnownScopes(`auth.tokenEndpoint.clients["${id}"].scopes`, client.scopes);
      const scopes = Object.freeze([...(client.scopes ?? OPERATION_SCOPES)]);
      this.clients.set(id, { id, scopes, secretDigest: this.digest(client.secret) });
    }
  }

  /** Whether `id` names a configured client (its id is then safe to log; an unknown one may be a pasted secret). */
  has(id: string): boolean {
    return this.clients.has(id);
  }

  /** The client when id and secret match; `undefined` for an unknown id or a wrong secret alike. */
  authenticate(id: string, secret: string): RegisteredClient | undefined {
    const client = this.clients.get(id);
    const matches = this.crypto.timingSafeEqual(client?.secretDigest ?? this.unknownClientDigest, this.digest(secret));
    return client && matches ? { id: client.id, scopes: client.scopes } : undefined;
  }
}
