// Compiles network/assets/main.scss and copies GOV.UK Frontend's script and assets into
// network/static/build (not committed; `make` runs this).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "network/static/build";
mkdirSync(out, { recursive: true });
const result = sass.compile("network/assets/main.scss", {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["mixed-decls"],
});
writeFileSync(`${out}/main.css`, result.css);
const dist = "node_modules/govuk-frontend/dist/govuk";
cpSync(`${dist}/govuk-frontend.min.js`, `${out}/govuk-frontend.min.js`);
console.log(`built ${out}/main.css (${result.css.length} bytes)`);
