// The handset's screen: rendered from the control endpoint's screen events. Every value from
// the handset goes into the page as text (textContent), never as markup.
'use strict';

const byId = id => document.getElementById(id);

function setText(id, value) {
  byId(id).textContent = value === null || value === undefined || value === '' ? '—' : String(value);
}

function render(screen) {
  setText('serial', screen.serial);
  setText('state', screen.state);
  setText('boot-state', screen.bootState);
  byId('boot-state').dataset.state = screen.bootState || '';
  setText('key-fingerprint', screen.keyFingerprint);
  setText('enrollment-status', screen.enrollment.status);
  byId('enrollment-detail').textContent = screen.enrollment.detail || '';
  const lines = byId('lines');
  const input = byId('input');
  if (!screen.app) {
    setText('app-name', 'No app in the foreground');
    lines.replaceChildren();
    input.disabled = true;
    return;
  }
  setText('app-name', screen.app.packageName);
  lines.start = screen.app.firstLine + 1;
  lines.replaceChildren(...screen.app.lines.map(line => {
    const item = document.createElement('li');
    item.textContent = line;
    return item;
  }));
  lines.scrollTop = lines.scrollHeight;
  input.disabled = false;
}

function connect() {
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => setText('connection', 'live'));
  events.addEventListener('error', () => setText('connection', 'reconnecting'));
  events.addEventListener('screen', event => render(JSON.parse(event.data)));
}

async function send(event) {
  event.preventDefault();
  const input = byId('input');
  const line = input.value;
  if (line === '') {
    return;
  }
  let answer = {};
  let response;
  try {
    response = await fetch('/api/input', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({line: line}),
    });
    answer = await response.json();
  } catch (e) {
    setText('send-result', 'not sent: the handset does not answer');
    return;
  }
  if (response.ok) {
    input.value = '';
    byId('send-result').textContent = '';
  } else {
    setText('send-result', 'not sent: ' + (answer.result || answer.error || 'HTTP ' + response.status));
  }
}

byId('send').addEventListener('submit', send);
connect();
