import type { CustomVerifier, EngineRequest } from 'byo-engine';

/**
 * A custom verifier for mutual TLS terminated at a reverse proxy (nginx, Envoy, a load balancer).
 * The proxy checks the client certificate and forwards the result in headers, for example in nginx:
 *
 *   proxy_set_header X-SSL-Client-Verify $ssl_client_verify;   # SUCCESS when the certificate checked out
 *   proxy_set_header X-SSL-Client-S-DN   $ssl_client_s_dn;     # CN=phrase,O=Phrase
 *
 * The proxy must always set (overwrite) both headers, so that a caller cannot send them itself, and the
 * app must only be reachable through the proxy.
 */
export function mtlsProxyVerifier(allowed: Readonly<Record<string, readonly string[] | undefined>>): CustomVerifier {
  const header = (request: EngineRequest, name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  return (request) => {
    // No verified certificate: not this scheme's request (an API token or Bearer token may still admit it).
    if (header(request, 'x-ssl-client-verify') !== 'SUCCESS') return null;
    const commonName = /(?:^|[,/])CN=([^,/]+)/.exec(header(request, 'x-ssl-client-s-dn') ?? '')?.[1];
    // A verified certificate we do not know: throwing rejects the request (401).
    if (!commonName || !Object.hasOwn(allowed, commonName)) throw new Error('unknown client certificate');
    // The common name becomes the principal (job owner); `scopes` undefined grants every operation.
    return { name: commonName, scopes: allowed[commonName] };
  };
}
