// The phone's storage: IndexedDB through idb. checks holds the offline queue, one record
// per check with its client UUID; kv the session and settings; cache what the server last
// answered, for offline use.
import { openDB } from 'idb';

let dbp;

function db() {
  if (!dbp) {
    dbp = openDB('cctvgis-m', 1, {
      upgrade(d) {
        d.createObjectStore('kv');
        d.createObjectStore('cache');
        d.createObjectStore('checks', { keyPath: 'id' });
      },
    });
  }
  return dbp;
}

export const kvGet = async (k) => (await db()).get('kv', k);
export const kvSet = async (k, v) => (await db()).put('kv', v, k);
export const kvDel = async (k) => (await db()).delete('kv', k);
export const cacheGet = async (k) => (await db()).get('cache', k);
export const cacheSet = async (k, v) => (await db()).put('cache', { at: Date.now(), value: v }, k);
export const getCheck = async (id) => (await db()).get('checks', id);
export const putCheck = async (c) => (await db()).put('checks', c);
export const deleteCheck = async (id) => (await db()).delete('checks', id);
export const allChecks = async () => {
  const all = await (await db()).getAll('checks');
  return all.sort((a, b) => b.created_at - a.created_at);
};

/** updateCheck changes one check in a transaction of its own: read, change, write. */
export async function updateCheck(id, change) {
  const tx = (await db()).transaction('checks', 'readwrite');
  const c = await tx.store.get(id);
  if (c) {
    change(c);
    await tx.store.put(c);
  }
  await tx.done;
  return c;
}
