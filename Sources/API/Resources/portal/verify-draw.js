// odraw-v1 verification in the browser (spec/draw-v1.md), with Web Crypto only.
// verifyDraw(record) resolves to {ok: true} or {ok: false, reason}. No dependencies.
"use strict";

const encoder = new TextEncoder();

function hex(bytes) {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

function unhex(text) {
  if (!/^([0-9a-f]{2})*$/.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
  return out;
}

// Byte order of UTF-8 strings (Python's order of str by code point).
function compareUTF8(a, b) {
  const x = encoder.encode(a), y = encoder.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

// Canonical JSON: keys sorted by UTF-8 bytes, no whitespace, non-ASCII and "/" unescaped.
function canonical(value) {
  if (value === null) return "null";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    let out = '"';
    for (const ch of value) {
      const c = ch.codePointAt(0);
      if (ch === '"') out += '\\"';
      else if (ch === "\\") out += "\\\\";
      else if (c === 0x0a) out += "\\n";
      else if (c === 0x0d) out += "\\r";
      else if (c === 0x09) out += "\\t";
      else if (c === 0x08) out += "\\b";
      else if (c === 0x0c) out += "\\f";
      else if (c < 0x20) out += "\\u" + c.toString(16).padStart(4, "0");
      else out += ch;
    }
    return out + '"';
  }
  if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
  const keys = Object.keys(value).sort(compareUTF8);
  return "{" + keys.map((k) => canonical(k) + ":" + canonical(value[k])).join(",") + "}";
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

// The stream labelled `label`: HMAC-SHA256(seed, "label:j") blocks of four big-endian UInt64.
async function stream(seed, label) {
  const key = await crypto.subtle.importKey("raw", seed, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  let block = 0;
  let buffer = [];
  const next = async () => {
    if (buffer.length === 0) {
      const mac = new DataView(await crypto.subtle.sign("HMAC", key, encoder.encode(label + ":" + block)));
      block += 1;
      buffer = [0, 8, 16, 24].map((offset) => mac.getBigUint64(offset, false));
    }
    return buffer.shift();
  };
  const two64 = 1n << 64n;
  return {
    next,
    async uniform(bound) {
      const b = BigInt(bound);
      const limit = two64 - (two64 % b);
      for (;;) {
        const x = await next();
        if (x < limit) return Number(x % b);
      }
    },
  };
}

async function select(roster, seed) {
  const targetStream = await stream(seed, "targets");
  const remaining = roster.targets.map((t) => ({ id: t.id, weight: t.weight }));
  const picked = [];
  for (let i = 0; i < roster.n; i++) {
    const total = remaining.reduce((sum, t) => sum + t.weight, 0);
    const r = await targetStream.uniform(total);
    let cumulative = 0;
    const index = remaining.findIndex((t) => (cumulative += t.weight) > r);
    picked.push(remaining.splice(index, 1)[0]);
  }
  const conflicts = new Set(roster.conflicts.map((pair) => pair[0] + " " + pair[1]));
  const inspectors = roster.inspectors.map((i) => i.id);
  const cap = Math.ceil((roster.n * roster.k) / inspectors.length);
  const load = new Map();
  const assignments = [];
  for (const target of picked) {
    const eligible = inspectors.filter((i) => !conflicts.has(i + " " + target.id) && (load.get(i) || 0) < cap);
    if (eligible.length < roster.k) throw new Error("only " + eligible.length + " eligible inspectors for target " + target.id);
    const s = await stream(seed, "inspectors:" + target.id);
    const chosen = [];
    for (let j = 0; j < roster.k; j++) chosen.push(eligible.splice(await s.uniform(eligible.length), 1)[0]);
    for (const i of chosen) load.set(i, (load.get(i) || 0) + 1);
    assignments.push({ target: target.id, inspectors: chosen });
  }
  return assignments;
}

async function verifyDraw(record) {
  try {
    if (record.algorithm !== "odraw-v1") return { ok: false, reason: "unknown algorithm " + record.algorithm };
    const rosterHash = hex(await sha256(encoder.encode(canonical(record.roster))));
    if (rosterHash !== record.roster_sha256) return { ok: false, reason: "the roster hashes to " + rosterHash + ", not roster_sha256" };
    const serverSeed = unhex(record.server_seed || "");
    if (!serverSeed || serverSeed.length !== 32) return { ok: false, reason: "server_seed is not revealed or not 32 bytes" };
    const commitment = hex(await sha256(serverSeed));
    if (commitment !== record.seed_commitment) return { ok: false, reason: "SHA-256(server_seed) does not match seed_commitment" };
    const entropy = encoder.encode(record.public_entropy || "");
    const joined = new Uint8Array(serverSeed.length + entropy.length);
    joined.set(serverSeed);
    joined.set(entropy, serverSeed.length);
    const seed = await sha256(joined);
    const expected = await select(record.roster, seed);
    const published = record.assignments || [];
    for (let i = 0; i < expected.length; i++) {
      const a = published[i];
      if (!a || a.target !== expected[i].target || canonical(a.inspectors) !== canonical(expected[i].inspectors)) {
        return { ok: false, reason: "assignment " + i + " differs from the recomputed one" };
      }
    }
    if (published.length !== expected.length) return { ok: false, reason: "wrong number of assignments" };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: String(error.message || error) };
  }
}

if (typeof module !== "undefined") module.exports = { verifyDraw, canonical };
