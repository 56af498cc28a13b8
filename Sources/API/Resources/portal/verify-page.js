// Verifies a pasted record; also reads one from the page's #record= fragment.
"use strict";
async function check(text) {
  const out = document.getElementById("verification");
  let result;
  try {
    result = await verifyDraw(JSON.parse(text));
  } catch (error) {
    result = { ok: false, reason: "not JSON: " + error.message };
  }
  out.dataset.verification = result.ok ? "verified" : "failed";
  // The words come from the page, in its language.
  out.textContent = result.ok ? out.dataset.verifiedText || "verified" : out.dataset.failedText || "failed";
  document.getElementById("reason").textContent = result.ok ? "" : result.reason;
}
document.getElementById("verify-form").addEventListener("submit", (event) => {
  event.preventDefault();
  check(document.getElementById("record-input").value);
});
if (location.hash.startsWith("#record=")) {
  const text = decodeURIComponent(location.hash.slice(8));
  document.getElementById("record-input").value = text;
  check(text);
}
