// The fleet console: reads the admin API (the browser presents the admin certificate) and
// asks for confirmation before any revoke / lock / wipe. Text is inserted as text, never HTML.
"use strict";

function cell(row, text, cls) {
  const td = row.insertCell();
  td.textContent = text == null ? "" : String(text);
  if (cls) td.className = cls;
  return td;
}

async function api(path, options) {
  const r = await fetch(path, Object.assign({ headers: { "Accept": "application/json" } }, options || {}));
  if (r.status === 204) return null;
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error((body.code || ("HTTP " + r.status)) + ": " + (body.detail || ""));
  return body;
}

function setStatus(text, error) {
  const s = document.getElementById("status");
  s.textContent = text;
  s.className = error ? "error" : "";
}

async function act(serial, action) {
  const words = { revoke: "REVOKE (certificate onto the CRL, refused everywhere)", LOCK: "LOCK", WIPE: "WIPE (all data erased)" };
  if (!window.confirm(words[action] + " device " + serial + "?")) return;
  try {
    if (action === "revoke") {
      await api("/api/devices/" + encodeURIComponent(serial) + "/revoke",
        { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ reason: "keyCompromise" }) });
    } else {
      await api("/api/devices/" + encodeURIComponent(serial) + "/commands",
        { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ kind: action }) });
    }
    await load();
    setStatus(action + " sent to " + serial);
  } catch (e) {
    setStatus(String(e.message), true);
  }
}

async function load() {
  try {
    const devices = await api("/api/devices");
    const tbody = document.querySelector("#devices tbody");
    tbody.replaceChildren();
    for (const d of devices) {
      const row = tbody.insertRow();
      row.dataset.serial = d.serial;
      cell(row, d.serial); cell(row, d.model); cell(row, d.unit); cell(row, d.officer);
      cell(row, d.state, d.state); cell(row, d.lastCheckin); cell(row, d.bootState, d.bootState);
      cell(row, d.osPatchLevel);
      const actions = cell(row, "");
      if (d.state === "ENROLLED") {
        for (const a of ["LOCK", "WIPE", "revoke"]) {
          const b = document.createElement("button");
          b.textContent = a.toLowerCase();
          b.dataset.action = a;
          b.addEventListener("click", () => act(d.serial, a));
          actions.appendChild(b);
        }
      }
    }
    const failures = await api("/api/enrollment-failures");
    const fbody = document.querySelector("#failures tbody");
    fbody.replaceChildren();
    for (const f of failures) {
      const row = fbody.insertRow();
      cell(row, f.failedAt); cell(row, f.serial); cell(row, f.reason, "reason"); cell(row, f.detail);
    }
    setStatus(devices.length + " devices, " + failures.length + " enrollment failures");
  } catch (e) {
    setStatus(String(e.message), true);
  }
}

load();
