// The API key for this tab only (sessionStorage): asked for when Mailr answers 401, forgotten on request.
const storageKey = 'mailr.key';
let pending = null;

export function currentKey() {
  try {
    return sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

// One dialog for every request that met a 401 at the same time; resolves to the key, or null when cancelled.
export function askForKey(rejected) {
  pending ??= new Promise(resolve => {
    const dialog = document.getElementById('key-dialog');
    const input = document.getElementById('key-input');
    document.getElementById('key-rejected').hidden = !rejected;
    input.value = '';
    const done = key => {
      dialog.removeEventListener('close', onClose);
      pending = null;
      if (key) sessionStorage.setItem(storageKey, key);
      showForget();
      resolve(key);
    };
    const onClose = () => done(dialog.returnValue === 'use' && input.value.trim() ? input.value.trim() : null);
    dialog.addEventListener('close', onClose);
    dialog.showModal();
    input.focus();
  });
  return pending;
}

export function setUpForgetButton() {
  document.getElementById('forget-key').addEventListener('click', () => {
    sessionStorage.removeItem(storageKey);
    showForget();
  });
  showForget();
}

function showForget() {
  document.getElementById('forget-key').hidden = currentKey() === null;
}
