// node tests/js/calculate.js IN.json OUT.json: the JavaScript engine on a list of documents.
const fs = require("node:fs");
const { calculate } = require("../../sales_flow/public/js/engine/totals.js");
const docs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
fs.writeFileSync(process.argv[3], JSON.stringify(docs.map((doc) => calculate(doc))));
