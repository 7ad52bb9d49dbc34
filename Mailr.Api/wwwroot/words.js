export const meanings = {
  accepted: 'Recorded. Not yet handed to a provider, or waiting for a retry.',
  sent: 'A provider accepted the message for this recipient.',
  failed: 'The message will not be sent to this recipient: a provider refused this address for good, or every provider and every retry was used up.',
};

export const deliveryMeanings = {
  deferred: 'The provider is still trying to deliver it (the receiving server put it off for now).',
  delivered: "The recipient's mail server accepted it.",
  bounced: 'The address refused it for good. Mailr will not send to it again from this key (suppression list).',
  complained: 'The recipient marked it as spam. Mailr will not send to it again from this key (suppression list).',
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function timeElement(iso) {
  const time = document.createElement('time');
  time.dateTime = iso;
  time.textContent = dateTime.format(new Date(iso));
  return time;
}

export function badge(status) {
  const span = document.createElement('span');
  span.className = `badge badge-${status}`;
  span.textContent = status;
  return span;
}

export function sentence(text) {
  return text ? text[0].toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.') : '';
}

// Shows or clears the error next to one field, keeping what was typed.
export function showFieldError(input, content) {
  const error = document.getElementById(`${input.id}-error`);
  error.replaceChildren();
  if (content == null) {
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    return;
  }
  if (typeof content === 'string') error.textContent = content;
  else error.append(content);
  error.hidden = false;
  input.setAttribute('aria-invalid', 'true');
}
