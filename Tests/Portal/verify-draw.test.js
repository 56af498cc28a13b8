const { verifyDraw } = require("../../Sources/API/Resources/portal/verify-draw.js");
const fs = require("fs");
const record = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
(async () => {
  const good = await verifyDraw(record);
  const tampered = JSON.parse(JSON.stringify(record));
  tampered.assignments[0].inspectors.reverse();
  const bad = await verifyDraw(tampered);
  const weight = JSON.parse(JSON.stringify(record));
  weight.roster.targets[0].weight += 1;
  const badWeight = await verifyDraw(weight);
  console.log(JSON.stringify({ good, bad, badWeight }));
  process.exit(good.ok && !bad.ok && !badWeight.ok ? 0 : 1);
})();
