import type { EngineRequest } from '../../http/engine-request.js';
import { headerValue } from '../../http/engine-request.js';
import type { FormFields } from '../../http/read-form-body.js';

export type PresentedCredentials =
  | { readonly kind: 'presented'; readonly id: string; readonly secret: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed'; readonly description: string };

const BASIC = /^basic\s+([A-Za-z0-9+/]+=*)\s*$/i;

/** RFC 6749 §2.3.1: id and secret are form-encoded before they are put into the Basic header. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

const utf8 = new TextDecoder();

/** Base64 to UTF-8 text (Web APIs: every runtime has them); `undefined` when it is not base64. */
function decodeBase64(base64: string): string | undefined {
  try {
    return utf8.decode(Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

function fromBasic(header: string): PresentedCredentials {
  const match = BASIC.exec(header);
  const decoded = match ? decodeBase64(match[1]) : undefined;
  if (decoded === undefined)
    return { kind: 'malformed', description: 'the Authorization header is not "Basic <base64(client_id:client_secret)>"' };
  const colon = decoded.indexOf(':');
  const id = colon > 0 ? formDecode(decoded.slice(0, colon)) : undefined;
  const secret = colon > 0 ? formDecode(decoded.slice(colon + 1)) : undefined;
  if (!id || secret === undefined) return { kind: 'malformed', description: 'the Basic credentials are not client_id:client_secret' };
  return { kind: 'presented', id, secret };
}

/** The client's id and secret, from HTTP Basic or from the form; using both at once is refused (RFC 6749 §2.3). */
export function presentedCredentials(request: EngineRequest, form: FormFields): PresentedCredentials {
  const authorization = headerValue(request, 'authorization')?.trim();
  const formSecret = form.get('client_secret')?.[0];
  if (authorization) {
    if (formSecret !== undefined)
      return { kind: 'malformed', description: 'send the client credentials either in the Authorization header or in the form, not both' };
    return fromBasic(authorization);
  }
  const formId = form.get('client_id')?.[0];
  if (formId === undefined && formSecret === undefined) return { kind: 'none' };
  if (!formId || formSecret === undefined) return { kind: 'malformed', description: 'send both client_id and client_secret' };
  return { kind: 'presented', id: formId, secret: formSecret };
}
