// The API client. The map is served at the server's root and the API beside it at
// /api/v1. The session (token and user) is kept in sessionStorage: it ends with the tab.
// Any 401 ends the session and sends the user back to the login page.

export const API = new URL('api/v1', new URL('/', location.href)).pathname;
const KEY = 'cctvgis.session';

/** HttpError is an answer of the server other than 2xx, with its error body ({code, message, field}). */
export class HttpError extends Error {
  constructor(status, body, retryAfter) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
    this.retryAfter = retryAfter;
  }
}

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
}

export function setSession(s) {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

let onExpired = () => {};
/** whenExpired sets what happens when the server no longer knows the session. */
export function whenExpired(fn) {
  onExpired = fn;
}

/** authHeader is the Authorization header of the session, for requests the map makes itself. */
export function authHeader() {
  const s = session();
  return s ? { Authorization: `Bearer ${s.token}` } : {};
}

async function request(path, { method = 'GET', json, form } = {}) {
  const headers = { ...authHeader() };
  let body = form;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const res = await fetch(API + path, { method, headers, body, cache: 'no-store' });
  if (res.status === 401 && session()) {
    setSession(null);
    onExpired();
  }
  return res;
}

/** api calls the API with a JSON body (json) or a multipart one (form, a FormData) and answers the decoded JSON; an error answer throws HttpError. */
export async function api(path, opts = {}) {
  const res = await request(path, opts);
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

/** blobURL fetches a protected binary (a photo) and answers an object URL for it. */
export async function blobURL(path) {
  const res = await request(path);
  if (!res.ok) throw new HttpError(res.status, null, 0);
  return URL.createObjectURL(await res.blob());
}

/** query builds a query string from the non-empty values of params. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
