// Verifies the draw on this page in the visitor's browser and shows the result.
"use strict";
(async () => {
  const out = document.getElementById("verification");
  const record = JSON.parse(document.getElementById("record").textContent);
  const result = await verifyDraw(record);
  out.dataset.verification = result.ok ? "verified" : "failed";
  // The words come from the page, in its language.
  out.textContent = result.ok ? out.dataset.verifiedText || "verified" : out.dataset.failedText || "failed";
  if (!result.ok) document.getElementById("reason").textContent = result.reason;
})();
