// The JavaScript engine against the shared, hand-computed vectors (run by tests/test_engine_totals.py).
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const { calculate } = require("../../sales_flow/public/js/engine/totals.js");
const cases = require("../../sales_flow/totals/vectors/totals_cases.json");

// every expected figure must be there, a number, and equal to the vector's: a missing output or
// one left undefined fails, however small the expected value
function check(expected, actual, where) {
	for (const [key, value] of Object.entries(expected)) {
		if (Array.isArray(value)) {
			assert.ok(
				Array.isArray(actual[key]),
				`${where}.${key}: expected rows, got ${actual[key]}`,
			);
			assert.strictEqual(actual[key].length, value.length, `${where}.${key}: row count`);
			value.forEach((row, n) => check(row, actual[key][n], `${where}.${key}[${n}]`));
		} else {
			assert.strictEqual(
				typeof actual[key],
				"number",
				`${where}.${key}: got ${actual[key]}`,
			);
			assert.ok(
				Math.abs(actual[key] - value) < 1e-9,
				`${where}.${key}: expected ${value}, got ${actual[key]}`,
			);
		}
	}
}

for (const c of cases) {
	test(c.name, () => check(c.expect, calculate(structuredClone(c.doc)), path.basename(c.name)));
}
