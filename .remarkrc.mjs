// remark's configuration, read by `node_modules/.bin/remark` and by VS Code's remark extension
// (unifiedjs.vscode-remark), so that a project page's front matter is checked against the same
// JSON Schema as `make check` uses while it is being typed. Only these two plugins: remark's
// other lint rules would comment on the staff's writing style, which the build does not require.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import remarkFrontmatter from "remark-frontmatter";
import remarkLintFrontmatterSchema from "remark-lint-frontmatter-schema";

const root = path.dirname(fileURLToPath(import.meta.url));
const projects = path.join("content", "projekt");

// The rule's own `schemas` mapping resolves the schema and the pages from the process's working
// directory, which in VS Code's language server is not the project (the schema is then not
// found): so the schema is read here, from beside this file, and handed to the rule as `embed`.
const projectSchema = JSON.parse(readFileSync(path.join(root, "schemas", "project.schema.json"), "utf8"));

// The pages hooks/partnerskap/projects_file.py reads: content/projekt/*.md but index.md, the
// list page, whose front matter has only a title.
function isProjectPage(file) {
  const page = path.relative(root, path.resolve(file.cwd, file.path));
  return path.dirname(page) === projects && page.endsWith(".md") && path.basename(page) !== "index.md";
}

function projectFrontMatter() {
  const check = remarkLintFrontmatterSchema.call(this, { embed: projectSchema });
  return (tree, file, next) => {
    if (!isProjectPage(file)) return next();
    const before = file.messages.length;
    check(tree, file, (error) => {
      // The rule, written for vfile-message 3, sets a problem's `position`; the language server
      // reads vfile-message 4's `place`, and without it marks every problem on the first line.
      for (const message of file.messages.slice(before)) message.place ??= message.position;
      next(error);
    });
  };
}

export default {
  plugins: [remarkFrontmatter, projectFrontMatter],
};
