// The mobile API client. The API lives beside the app: the app at …/m/, the API at
// …/api/v1, so a reverse proxy may put both under any prefix.
import { kvGet } from './db.js';

export const API = new URL('../api/v1', location.href).pathname;

/** HttpError is an answer of the server other than 2xx, with its error body. */
export class HttpError extends Error {
  constructor(status, body, retryAfter) {
    super(`${status} ${body?.code ?? ''}: ${body?.message ?? ''}`);
    this.status = status;
    this.body = body ?? {};
    this.retryAfter = retryAfter;
  }
}

/** NetworkError is a request that got no answer at all. */
export class NetworkError extends Error {}

export async function api(path, { method = 'GET', json, form, token } = {}) {
  const headers = {};
  const tok = token ?? (await kvGet('session'))?.token;
  if (tok) headers.Authorization = `Bearer ${tok}`;
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  let res;
  try {
    res = await fetch(API + path, { method, headers, body, cache: 'no-store' });
  } catch (e) {
    throw new NetworkError(String(e));
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new HttpError(res.status, data, Number(res.headers.get('Retry-After')) || 0);
  return data;
}
