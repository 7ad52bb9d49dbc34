import { addressKey, splitAddresses } from './addresses.js';
import { fieldOf, postJson, unreachable } from './api.js';
import { showFieldError } from './words.js';
import { trackRecipients } from './tracking.js';

const addressFields = ['from', 'to', 'cc', 'bcc'];
const allFields = [...addressFields, 'subject', 'text', 'html'];
const draftKey = 'mailr.draft';

export function setUpSendForm(onStory) {
  const form = document.getElementById('send-form');
  const inputs = Object.fromEntries(allFields.map(name => [name, document.getElementById(name)]));
  const formError = document.getElementById('send-error');
  const announce = document.getElementById('send-announce');
  const button = document.getElementById('send-button');
  const files = document.getElementById('attachments');
  files.addEventListener('change', () => showFieldError(files, null));

  restoreDraft(inputs);
  for (const input of Object.values(inputs)) {
    input.addEventListener('input', () => {
      showFieldError(input, null);
      saveDraft(inputs);
    });
  }

  document.getElementById('clear-button').addEventListener('click', () => {
    for (const input of Object.values(inputs)) {
      input.value = '';
      showFieldError(input, null);
    }
    files.value = '';
    showFieldError(files, null);
    showFormError(formError, null);
    sessionStorage.removeItem(draftKey);
    inputs.from.focus();
  });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (button.disabled) return;
    const lists = {
      from: splitAddresses(inputs.from.value),
      to: splitAddresses(inputs.to.value),
      cc: splitAddresses(inputs.cc.value),
      bcc: splitAddresses(inputs.bcc.value),
    };
    for (const input of Object.values(inputs)) showFieldError(input, null);
    showFormError(formError, null);

    const missing = [];
    if (lists.from.length === 0) missing.push([inputs.from, "Enter the sender's address."]);
    else if (lists.from.length > 1) missing.push([inputs.from, 'Enter one sender only.']);
    if (lists.to.length === 0) missing.push([inputs.to, 'Enter at least one recipient.']);
    if (missing.length > 0) {
      for (const [input, message] of missing) showFieldError(input, message);
      announce.textContent = 'The message was not sent. Some fields need attention.';
      missing[0][0].focus();
      return;
    }

    const body = {
      from: lists.from[0], to: lists.to, cc: lists.cc, bcc: lists.bcc,
      subject: inputs.subject.value,
    };
    // Plain text always goes unless the message is HTML only; an empty text with no HTML is still a (blank) text body.
    if (inputs.text.value !== '' || inputs.html.value === '') body.text = inputs.text.value;
    if (inputs.html.value !== '') body.html = inputs.html.value;
    button.disabled = true;
    button.textContent = 'Sending…';
    try {
      if (files.files.length > 0) body.attachments = await Promise.all([...files.files].map(readAttachment));
      const response = await postJson('/messages', body);
      if (response.status === 202 && response.data?.id) {
        announce.textContent = 'Accepted. Mailr is sending the message.';
        trackRecipients(response.data.id, recipientsOf(lists), onStory);
        return;
      }
      showApiError(response, lists, inputs, formError, announce);
    } catch {
      showFormError(formError, unreachable);
      announce.textContent = unreachable;
    } finally {
      button.disabled = false;
      button.textContent = 'Send';
    }
  });
}

// A chosen file as Mailr takes it: the name, the browser's media type (or a generic one) and the bytes in base64.
function readAttachment(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({
      filename: file.name,
      content_type: file.type || 'application/octet-stream',
      content: String(reader.result).slice(String(reader.result).indexOf(',') + 1),
    });
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// The recipients as Mailr keeps them: listed twice means one copy, in the most visible field.
function recipientsOf(lists) {
  const seen = new Set();
  const recipients = [];
  for (const kind of ['to', 'cc', 'bcc']) {
    for (const mailbox of lists[kind]) {
      const key = addressKey(mailbox);
      if (seen.has(key)) continue;
      seen.add(key);
      recipients.push({ mailbox, kind });
    }
  }
  return recipients;
}

function showApiError(response, lists, inputs, formError, announce) {
  const message = response.data?.message ?? `Mailr answered ${response.status}.`;
  const invalid = new Set(response.data?.invalid_emails ?? []);
  const marked = [];
  for (const name of addressFields) {
    const bad = lists[name].filter(address => invalid.has(address));
    if (bad.length === 0) continue;
    showFieldError(inputs[name], invalidList(bad));
    marked.push(inputs[name]);
  }

  if (marked.length > 0) {
    announce.textContent = `The message was not sent. ${invalid.size === 1 ? 'One address is' : `${invalid.size} addresses are`} not valid.`;
    marked[0].focus();
    return;
  }

  const field = /'attachments/.test(message) ? 'attachments' : fieldOf(message);
  if (field === 'attachments' || response.status === 413 && /attachment/i.test(message)) {
    const files = document.getElementById('attachments');
    showFieldError(files, message);
    files.focus();
  } else if (field && inputs[field]) {
    showFieldError(inputs[field], message);
    inputs[field].focus();
  } else {
    showFormError(formError, message);
  }
  announce.textContent = `The message was not sent. ${message}`;
}

function invalidList(addresses) {
  const wrapper = document.createDocumentFragment();
  const intro = document.createElement('p');
  intro.textContent = addresses.length === 1 ? 'This address is not valid:' : 'These addresses are not valid:';
  const list = document.createElement('ul');
  list.className = 'invalid-list';
  for (const address of addresses) {
    const item = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = address;
    item.append(code);
    list.append(item);
  }
  wrapper.append(intro, list);
  return wrapper;
}

function showFormError(element, message) {
  element.textContent = message ?? '';
  element.hidden = message == null;
}

function saveDraft(inputs) {
  try {
    sessionStorage.setItem(draftKey, JSON.stringify(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value]))));
  } catch {
    // Storage may be full or disabled; the form itself still holds the text.
  }
}

function restoreDraft(inputs) {
  try {
    const draft = JSON.parse(sessionStorage.getItem(draftKey) ?? 'null');
    for (const [name, value] of Object.entries(draft ?? {})) {
      if (inputs[name] && typeof value === 'string' && !inputs[name].value) inputs[name].value = value;
    }
  } catch {
    sessionStorage.removeItem(draftKey);
  }
}
