// Groups twiggy's CSV rows (on stdin) and prints the top N groups as a
// markdown table. The names section (there only for the analysis) is left
// out. Usage: twiggy top --format csv … | node wasm-crates.mjs N [crate|module]
//
// - `crate`: the crate each item's demangled name belongs to. `<T as
//   leptos::…>::f` counts for the crate of T; data segments and the
//   module's own sections are groups of their own.
// - `module`: the project's module an item was made for. The wasm is built
//   with v0 symbol names, which spell out generic arguments, so Leptos'
//   render code instantiated for a component's view counts for that
//   component's module (the first project path in the name). Items with no
//   project path are the framework's and the standard library's own.
import { readFileSync } from "node:fs";

const top = Number(process.argv[2] ?? 15);
const by = process.argv[3] ?? "crate";
const rows = readFileSync(0, "utf8").trim().split("\n").slice(1);

function fields(line) {
  const out = [];
  let cur = "", quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { out.push(cur); cur = ""; }
    else cur += c;
  }
  out.push(cur);
  return out;
}

function crateOf(raw) {
  // Crate names may carry a disambiguator: `alloc[3ca5…]::`.
  const name = raw.replace(/\[[0-9a-f]{8,}\]/g, "");
  if (name.startsWith("data segment")) return "(data segments)";
  if (/subsection|custom section|^type\[|^import |^export |^table|^elem|^global|^code section/.test(name)) return "(module sections)";
  // `<T as tachys::…>` and `<(A, B) as …>`: a generic self type, so the trait's crate.
  const generic = /^<&*(?:_|[A-Z][A-Za-z0-9]*|\(.*?\)|\[.*?\]|str|char|bool|[iuf](?:8|16|32|64|128|size)) as ([A-Za-z_][A-Za-z0-9_]*)::/.exec(name);
  if (generic) return generic[1];
  // Inherent methods of primitive types: `<str>::trim_matches`, `<[T]>::join`.
  if (/^<(?:str|char|\[.*?\]|[iuf](?:8|16|32|64|128|size))>::/.test(name)) return "core";
  const n = name.replace(/^<+/, "").replace(/^(impl |&mut |&|dyn |\*const |\*mut )+/, "");
  const m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(n);
  return m ? m[1] : "(unnamed)";
}

function moduleOf(raw) {
  const name = raw.replace(/\[[0-9a-f]{8,}\]/g, "");
  const m = /\b(standfirst(?:_model)?)((?:::[a-z_0-9]+)+)/.exec(name);
  if (!m) {
    const group = crateOf(raw);
    return ["(data segments)", "(module sections)"].includes(group) ? group : "(framework and std, not for one module)";
  }
  // The source file: `components::card`, `pages::story_page`, `app`.
  const parts = m[2].slice(2).split("::").filter((p) => !p.startsWith("__component_"));
  const depth = ["components", "pages", "api"].includes(parts[0]) ? 2 : 1;
  return `${m[1]}::${parts.slice(0, depth).join("::")}`;
}

const groupOf = by === "module" ? moduleOf : crateOf;
const totals = new Map();
let all = 0;
for (const line of rows) {
  const [name, size] = fields(line);
  if (name.includes('"function names" subsection') || name.startsWith("Σ") || name.startsWith("...")) continue;
  const bytes = Number(size);
  if (!Number.isFinite(bytes)) continue;
  const crate = groupOf(name);
  totals.set(crate, (totals.get(crate) ?? 0) + bytes);
  all += bytes;
}
console.log(`| ${by} | bytes | share |`);
console.log("|---|---|---|");
for (const [crate, bytes] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`| ${crate} | ${bytes} | ${((100 * bytes) / all).toFixed(1)}% |`);
}
console.log(`| all | ${all} | 100% |`);
