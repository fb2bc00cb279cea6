// The language server VS Code's remark extension (unifiedjs.vscode-remark) runs, set up as its
// remark-language-server package sets it up, so that a test can talk to it as VS Code does.
import { remark } from "remark";
import { createUnifiedLanguageServer } from "unified-language-server";

createUnifiedLanguageServer({
  configurationSection: "remark",
  defaultProcessor: remark,
  ignoreName: ".remarkignore",
  packageField: "remarkConfig",
  pluginPrefix: "remark",
  processorName: "remark",
  processorSpecifier: "remark",
  rcName: ".remarkrc",
});
