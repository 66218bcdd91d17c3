// Validates catalogue files against public/catalogue.schema.json with Ajv, a JSON Schema
// validator independent of our serde types.
//
//   node tests/schema/validate.mjs FILE...            every FILE must be valid
//   node tests/schema/validate.mjs --invalid FILE...  every FILE must be rejected
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";

const args = process.argv.slice(2);
const expectInvalid = args[0] === "--invalid";
const files = expectInvalid ? args.slice(1) : args;
if (files.length === 0) {
  console.error("usage: validate.mjs [--invalid] FILE...");
  process.exit(2);
}

const schema = JSON.parse(readFileSync(new URL("../../public/catalogue.schema.json", import.meta.url)));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

let passed = 0;
let failed = 0;
for (const file of files) {
  let valid;
  let errors = [];
  try {
    const text = readFileSync(file, "utf8");
    valid = validate(JSON.parse(text));
    errors = validate.errors ?? [];
  } catch (error) {
    valid = false;
    errors = [{ instancePath: "", message: `not JSON: ${error.message}` }];
  }
  if (valid === !expectInvalid) {
    passed += 1;
    console.log(`ok   ${file}${expectInvalid ? ` (rejected: ${errors[0]?.instancePath} ${errors[0]?.message})` : ""}`);
  } else {
    failed += 1;
    console.log(`FAIL ${file}: expected ${expectInvalid ? "invalid" : "valid"}`);
    for (const e of errors.slice(0, 10)) console.log(`     ${e.instancePath || "/"} ${e.message}`);
  }
}
console.log(`schema: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
