import { askForKey, currentKey } from './key.js';

// Calls the Mailr API on this same origin, with this tab's API key when it has one; on a 401 it asks for
// a key and tries again. Never throws for an HTTP error; a network failure throws.
export async function postJson(path, body) {
  let response = await send(path, body);
  while (response.status === 401) {
    const key = await askForKey(currentKey() !== null);
    if (key === null) break;
    response = await send(path, body);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return { ok: response.ok, status: response.status, data };
}

function send(path, body) {
  const headers = { 'Content-Type': 'application/json' };
  const key = currentKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  return fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
}

export const unreachable = 'Mailr could not be reached. Check your connection and try again; nothing you typed is lost.';

// The field an API error message is about, when it names one ("The field 'subject' ...").
export function fieldOf(message) {
  const match = /field '(\w+)'/.exec(message ?? '');
  return match ? match[1] : null;
}
