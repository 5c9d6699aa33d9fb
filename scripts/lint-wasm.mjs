#!/usr/bin/env node
// The wasm weight rules, checked on the app's sources (src/**/*.rs) by
// `make lint` and `make check`. Each rule is a pattern that cost measured
// brotli bytes in the release wasm (docs/wasm-weight.md has the
// measurements, docs/architecture.md#wasm-rules the rules), or the one
// spelling of "in the browser" and "at build time".
//
//   node scripts/lint-wasm.mjs               check src/ against the rules
//   node scripts/lint-wasm.mjs --self-test   check the rules themselves
//   node scripts/lint-wasm.mjs --root DIR    check DIR/src/ (DIR's exceptions)
//
// Patterns are matched on the source with its comments blanked out (and,
// unless a rule says otherwise, the contents of its string literals), so a
// doc comment may name what a rule forbids. A match is allowed only by a
// line in scripts/lint-wasm.exceptions:
//
//   <rule id>  <file>  `<text on the matching line>`  <reason>
//
// and an exception that no longer allows anything is an error of its own.
import { readFileSync, readdirSync, existsSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { join, relative, dirname, sep } from "node:path";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(import.meta.url);
const DOC = "docs/architecture.md";
const EXCEPTIONS = "scripts/lint-wasm.exceptions";

// id, pattern, why (with the measured cost), what to write instead, and a
// snippet each way for the self-test: `bad` must be reported, `good` not.
// `strings: true` matches string literals' contents too (the cfg rule
// reads `"csr"` and `"ssr"`).
const RULES = [
  {
    id: "box-reactive-child",
    pattern: /\{\s*move\s*\|\|/g,
    why: "a bare reactive child gets its own copy of Leptos' render-effect code; boxing them (with the effects) saved 2.7 KB",
    instead: "{crate::dynamic::dynamic(move || …)}",
    bad: 'view! { <p>{move || count.get()}</p> }',
    good: '// not {move || x}\nview! { <p>{crate::dynamic::dynamic(move || count.get())}</p> }',
  },
  {
    id: "no-effect-new",
    pattern: /\b(?:Render|Immediate)?Effect::\w+/g,
    why: "each effect closure gets its own copy of Leptos' effect machinery; boxing them (with the reactive children) saved 2.7 KB",
    instead: "crate::dynamic::effect(move || …)",
    bad: "Effect::new(move |_| log(count.get()));",
    good: "crate::dynamic::effect(move || log(count.get()));\nlet s = \"Effect::new\";",
  },
  {
    id: "no-show",
    pattern: /<Show\b/g,
    why: "`<Show>` carries its own branch machinery; the video facade without it saved 0.6 KB",
    instead: "{crate::dynamic::dynamic(move || cond.get().then(|| view! { … }))}, or a reactive `hidden` attribute",
    bad: "view! { <Show when=move || open.get()><p>\"hi\"</p></Show> }",
    good: "/// Show the panel.\nview! { <Shown /> }",
  },
  {
    id: "no-prop-binding",
    pattern: /\bprop:[A-Za-z_]/g,
    why: "a `prop:` binding is heavy for what it does: the edition switcher's `prop:value` cost 1.2-1.3 KB",
    instead: "crate::dynamic::effect(move || crate::nav::set_control_value(selector, &value.get()))",
    bad: "view! { <input prop:value=move || name.get() /> }",
    good: "// a `prop:value` binding would cost more\n#[prop(default = false)] compact: bool,",
  },
  {
    id: "no-hashmap",
    pattern: /\b(?:HashMap|HashSet|RandomState|DefaultHasher|hash_map|hash_set)\b/g,
    why: "std's hash maps link SipHash and the random-state code; the scroll positions in a short list instead saved 0.9 KB",
    instead: "a short Vec of pairs (src/nav.rs), or a BTreeMap",
    bad: "use std::collections::HashMap;\nlet seen: HashMap<String, f64> = HashMap::new();",
    good: "let seen: Vec<(String, f64)> = Vec::new();\nlet map = MyHashMapLike::new();",
  },
  {
    id: "no-router-link",
    pattern: /<A\s+[a-z_][\w:-]*\s*=|\bleptos_router::components::(?:A\b|\{[^}]*\bA\b)/g,
    why: "leptos_router's `<A>` is heavy for a link; plain `<a>` links (the masthead marks its current link itself) saved 3.4 KB",
    instead: "<a href=…> (the router still handles the click and history)",
    bad: 'use leptos_router::components::{A, Router};\nview! { <A href="/world">"World"</A> }',
    good: 'view! { <a href="/world">"World"</a> }\nfn first<A: Clone>(v: Vec<A>) {}\nuse leptos_router::components::{Redirect, Router};',
  },
  {
    id: "no-router-routes",
    pattern:
      /<(?:Routes|FlatRoutes|Route|ParentRoute|ProtectedRoute|ProtectedParentRoute)\s+[a-z_][\w:-]*\s*=|\bleptos_router::components::(?:(?:Flat)?Routes\b|(?:Parent|Protected)?Route\b|\{[^}]*\b(?:(?:Flat)?Routes|(?:Parent|Protected)?Route)\b)/g,
    why: "leptos_router's route tree cost 15.2 KB more than one tested function from a path to its page",
    instead: "a new path shape goes in `Route::of` (src/route.rs), with its native test",
    bad: 'view! { <Routes fallback=|| "missing"><Route path=path!("/") view=Front /></Routes> }',
    good: "let route: Memo<Route> = Memo::new(move |_| Route::of(&path.get()));\nuse leptos_router::components::{Redirect, Router};",
  },
  {
    id: "no-use-query",
    pattern: /\buse_query(?:_map)?\b/g,
    why: "leptos_router's query hooks cost 0.5 KB more than reading the query from the router's location",
    instead: "use_location().query (src/pages/search_page.rs)",
    bad: "let query = use_query_map();",
    good: "let query = use_location().query;\nlet q = use_query_text();",
  },
  {
    id: "no-resource",
    pattern: /\b(?:Arc|Local|ArcLocal|Once|ArcOnce)?Resource::\w+|<(?:Transition|Suspense)\b/g,
    why: "a resource inside `<Transition>` cost 11.2 KB more than a signal and a task",
    instead: "the page loader (src/pages/page_loader.rs): a signal written by a task",
    bad: "let data = LocalResource::new(move || load(id.get()));\nview! { <Transition fallback=|| ()>{data}</Transition> }",
    good: "let loaded = RwSignal::new(None);\nleptos::task::spawn_local(async move { loaded.set(Some(load().await)) });",
  },
  {
    id: "no-action",
    pattern: /\b(?:Arc)?(?:Action|MultiAction|ServerAction)::\w+/g,
    why: "the sign-up as a plain task and signals instead of an `Action` saved 4.1 KB",
    instead: "a task (leptos::task::spawn_local) that writes signals, as the sign-up form does",
    bad: "let send = Action::new(move |email: &String| post(email.clone()));",
    good: "leptos::task::spawn_local(async move { phase.set(post(email).await) });\nlet a = SignupAction::Submit;",
  },
  {
    id: "no-unicode-tables",
    pattern: /\b(?:to_uppercase|to_lowercase|is_alphabetic|is_alphanumeric|is_numeric|is_uppercase|is_lowercase)\b/g,
    why: "Unicode case mapping and letter classes link their whole tables: ASCII case for edition ids saved 6.0 KB, no letter tables in address checks 1.7 KB",
    instead: "the ASCII forms: to_ascii_uppercase, to_ascii_lowercase, is_ascii_alphanumeric, …",
    bad: "let id = edition.to_uppercase();\nlet ok = host.chars().all(char::is_alphanumeric);",
    good: "let id = edition.to_ascii_uppercase();\nlet ok = host.bytes().all(|b| b.is_ascii_alphanumeric());",
  },
  {
    id: "no-serde-json",
    pattern: /\bserde_json::|\bserde_wasm_bindgen\b/g,
    why: "the API's JSON is read from `JSON.parse`'s value tree by the model's `FromJson`: serde_json back in the wasm cost 10.6 KB, serde + serde-wasm-bindgen 14.3 KB",
    instead: "crate::json::decode (src/json.rs)",
    bad: "let site: Site = serde_json::from_str(&text).unwrap();",
    good: "let site: Site = crate::json::decode(&text)?;",
  },
  {
    id: "panic-hook-debug-only",
    pattern: /(?<!#\[cfg\(debug_assertions\)\]\s*)\bconsole_error_panic_hook\b/g,
    why: "the panic hook is 1.0 KB of the release wasm: development builds only",
    instead: "#[cfg(debug_assertions)] on the line before (src/main.rs)",
    bad: "fn main() {\n    console_error_panic_hook::set_once();\n}",
    good: "fn main() {\n    #[cfg(debug_assertions)]\n    console_error_panic_hook::set_once();\n}",
  },
  {
    id: "one-cfg-spelling",
    pattern:
      /#!?\[\s*cfg(?:_attr)?\s*\((?!\s*(?:feature\s*=\s*"(?:csr|ssr)"|test|debug_assertions)\s*[,)])|\bcfg!\s*\((?!\s*(?:feature\s*=\s*"(?:csr|ssr)"|test|debug_assertions)\s*\))/g,
    strings: true,
    why: 'exactly one of the features is on (src/lib.rs): "in the browser" is #[cfg(feature = "csr")], "at build time" #[cfg(feature = "ssr")]; other spellings (not(…), target_arch) say it a second way and drift',
    instead: '#[cfg(feature = "csr")] or #[cfg(feature = "ssr")]',
    bad: '#[cfg(not(feature = "ssr"))]\nfn a() {}\n#[cfg(all(feature = "csr", target_arch = "wasm32"))]\nfn b() {}',
    good: '#[cfg(feature = "csr")]\nfn a() {}\n#[cfg(feature = "ssr")]\nfn b() {}\n#[cfg(test)]\nmod tests {}\n// not #[cfg(not(feature = "ssr"))]',
  },
];

// `src` with its comments (and, unless `keepStrings`, its string literals'
// contents) replaced by spaces; lines and columns stay where they were.
function blank(src, keepStrings) {
  const out = src.split("");
  const wipe = (from, to) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  const ident = (c) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "/" && src[i + 1] === "/") {
      let end = src.indexOf("\n", i);
      if (end < 0) end = src.length;
      wipe(i, end);
      i = end;
    } else if (c === "/" && src[i + 1] === "*") {
      let depth = 1;
      let j = i + 2;
      while (j < src.length && depth > 0) {
        if (src[j] === "/" && src[j + 1] === "*") { depth++; j += 2; }
        else if (src[j] === "*" && src[j + 1] === "/") { depth--; j += 2; }
        else j++;
      }
      wipe(i, j);
      i = j;
    } else if ((c === "r" || ((c === "b" || c === "c") && src[i + 1] === "r")) && !ident(src[i - 1]) && /^[bc]?r#*"/.test(src.slice(i, i + 260))) {
      // A raw string: r"…", r#"…"#, br"…".
      const open = /^[bc]?r(#*)"/.exec(src.slice(i, i + 260));
      const start = i + open[0].length;
      const close = `"${open[1]}`;
      let end = src.indexOf(close, start);
      if (end < 0) end = src.length;
      if (!keepStrings) wipe(start, end);
      i = end + close.length;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
      if (!keepStrings) wipe(i + 1, j);
      i = j + 1;
    } else if (c === "'") {
      // A char literal ('x', '\n', '\u{1F600}', '"'), or a lifetime ('a).
      const esc = /^'\\(?:u\{[0-9A-Fa-f]+\}|x[0-9A-Fa-f]{2}|.)'/.exec(src.slice(i, i + 12));
      const cp = src.codePointAt(i + 1);
      const width = cp !== undefined && cp > 0xffff ? 2 : 1;
      if (esc) {
        i += esc[0].length;
      } else if (src[i + 1] !== undefined && src[i + 1] !== "\\" && src[i + 1 + width] === "'") {
        i += 2 + width;
      } else {
        i++;
      }
    } else {
      i++;
    }
  }
  return out.join("");
}

function rustFiles(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) found.push(...rustFiles(p));
    else if (e.name.endsWith(".rs")) found.push(p);
  }
  return found.sort();
}

// Every match of every rule in `src`: { rule, line, col, source (the line) }.
function findings(src, rules = RULES) {
  const views = { code: blank(src, false), withStrings: blank(src, true) };
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === "\n") starts.push(i + 1);
  const lines = src.split("\n");
  const out = [];
  for (const rule of rules) {
    const text = rule.strings ? views.withStrings : views.code;
    for (const m of text.matchAll(rule.pattern)) {
      let line = 0;
      while (line + 1 < starts.length && starts[line + 1] <= m.index) line++;
      out.push({ rule, line: line + 1, col: m.index - starts[line] + 1, source: lines[line] });
    }
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

// The exceptions file: [{ rule, file, text, reason, at }], and its errors.
function readExceptions(path) {
  const list = [];
  const errors = [];
  if (!existsSync(path)) return { list, errors };
  readFileSync(path, "utf8").split("\n").forEach((raw, n) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const at = `${EXCEPTIONS}:${n + 1}`;
    const m = /^(\S+)\s+(\S+)\s+`([^`]+)`\s+(\S.*)$/.exec(line);
    if (!m) {
      errors.push(`${at}: expected "<rule id> <file> \`<text on the line>\` <reason>", got: ${line}`);
      return;
    }
    const [, rule, file, text, reason] = m;
    if (!RULES.some((r) => r.id === rule)) errors.push(`${at}: no rule has the id "${rule}"`);
    list.push({ rule, file, text, reason, at, used: 0 });
  });
  return { list, errors };
}

// Checks `root`/src against the rules; returns the messages (empty: clean).
function lint(root, exceptionsPath = join(root, EXCEPTIONS)) {
  const { list, errors } = readExceptions(exceptionsPath);
  const messages = [...errors];
  for (const path of rustFiles(join(root, "src"))) {
    const file = relative(root, path).split(sep).join("/");
    for (const f of findings(readFileSync(path, "utf8"))) {
      const allowed = list.find((e) => e.rule === f.rule.id && e.file === file && f.source.includes(e.text));
      if (allowed) {
        allowed.used++;
        continue;
      }
      messages.push(
        `${file}:${f.line}:${f.col}: [${f.rule.id}] ${f.source.trim()}\n` +
          `    why: ${f.rule.why}\n` +
          `    instead: ${f.rule.instead}\n` +
          `    rule: ${DOC}#rule-${f.rule.id}`,
      );
    }
  }
  for (const e of list) {
    if (e.used === 0 && RULES.some((r) => r.id === e.rule)) {
      messages.push(`${e.at}: stale exception: [${e.rule}] matches nothing in ${e.file} on a line with \`${e.text}\`; remove it (or fix its text)`);
    }
  }
  return messages;
}

// Each rule against its own snippets, in a scratch tree, through the same
// path as `make lint` (the script run as a process, its exit status and
// message); then the exceptions file's own checks.
function selfTest() {
  const failures = [];
  const expect = (ok, what) => { if (!ok) failures.push(what); };
  const ids = new Set();
  for (const rule of RULES) {
    expect(!ids.has(rule.id), `${rule.id}: id used twice`);
    ids.add(rule.id);
    expect(rule.pattern.flags.includes("g"), `${rule.id}: its pattern needs the g flag`);
    expect(rule.why && rule.instead && rule.bad && rule.good, `${rule.id}: needs why, instead, bad and good`);
    const bad = findings(rule.bad, [rule]);
    const good = findings(rule.good, [rule]);
    expect(bad.length > 0, `${rule.id}: quiet on its bad snippet:\n${rule.bad}`);
    expect(good.length === 0, `${rule.id}: fired on its good snippet, line ${good[0]?.line}:\n${rule.good}`);
  }

  const dir = mkdtempSync(join(tmpdir(), "lint-wasm-"));
  try {
    const write = (path, text) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    const run = () => spawnSync(process.execPath, [SCRIPT, "--root", dir], { encoding: "utf8" });

    for (const rule of RULES) {
      rmSync(join(dir, "src"), { recursive: true, force: true });
      write("src/good.rs", rule.good + "\n");
      let r = run();
      expect(r.status === 0, `${rule.id}: the lint failed on the good snippet:\n${r.stdout}${r.stderr}`);
      write("src/components/bad.rs", "// A component.\n" + rule.bad + "\n");
      r = run();
      expect(r.status === 1, `${rule.id}: the lint passed the bad snippet (status ${r.status})`);
      expect(/src\/components\/bad\.rs:[2-9]:\d+: /.test(r.stdout), `${rule.id}: the message does not name file:line:col:\n${r.stdout}`);
      expect(r.stdout.includes(`[${rule.id}]`) && r.stdout.includes(`${DOC}#rule-${rule.id}`) && r.stdout.includes(rule.why),
        `${rule.id}: the message does not name the rule, its reason and its section:\n${r.stdout}`);
    }

    // Exceptions: one allows its line, with a reason; one that allows
    // nothing, one without a reason and one for an unknown rule are errors.
    rmSync(join(dir, "src"), { recursive: true, force: true });
    write("src/dynamic.rs", "pub fn effect(f: Box<dyn Fn()>) {\n    Effect::new(move |_| f());\n}\n");
    write(EXCEPTIONS, "# comment\nno-effect-new src/dynamic.rs `Effect::new(move |_| f())` the one helper\n");
    let r = run();
    expect(r.status === 0, `an exception did not allow its line:\n${r.stdout}`);
    write(EXCEPTIONS, "no-effect-new src/dynamic.rs `Effect::new(move |_| f())` the one helper\nno-show src/dynamic.rs `<Show` gone\n");
    r = run();
    expect(r.status === 1 && r.stdout.includes("stale exception") && r.stdout.includes(`${EXCEPTIONS}:2`),
      `a stale exception was not reported:\n${r.stdout}`);
    write(EXCEPTIONS, "no-effect-new src/dynamic.rs `Effect::new(move |_| f())`\n");
    r = run();
    expect(r.status === 1 && r.stdout.includes(`${EXCEPTIONS}:1: expected`), `an exception without a reason was accepted:\n${r.stdout}`);
    write(EXCEPTIONS, "no-effect-new src/dynamic.rs `Effect::new(move |_| f())` the one helper\nno-such-rule src/dynamic.rs `x` why\n");
    r = run();
    expect(r.status === 1 && r.stdout.includes('no rule has the id "no-such-rule"'), `an unknown rule id was accepted:\n${r.stdout}`);
    write(EXCEPTIONS, "no-effect-new src/other.rs `Effect::new(move |_| f())` the one helper\n");
    r = run();
    expect(r.status === 1 && r.stdout.includes("src/dynamic.rs:2:") && r.stdout.includes("stale exception"),
      `an exception for another file allowed the line:\n${r.stdout}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (failures.length) {
    console.log(`lint-wasm self-test: ${failures.length} failure(s)\n\n${failures.join("\n\n")}`);
    process.exit(1);
  }
  console.log(`lint-wasm self-test: ${RULES.length} rules fire on their bad snippet and not on their good one; exceptions checked`);
}

function main(args) {
  if (args.includes("--self-test")) return selfTest();
  const at = args.indexOf("--root");
  const root = at >= 0 ? args[at + 1] : join(dirname(SCRIPT), "..");
  const messages = lint(root);
  if (messages.length) {
    console.log(messages.join("\n\n"));
    console.log(
      `\nlint-wasm: ${messages.length} problem(s). The rules and their measurements: ${DOC}#wasm-rules ` +
        `(and docs/wasm-weight.md). A needed exception goes in ${EXCEPTIONS}, with its reason.`,
    );
    process.exit(1);
  }
  console.log(`lint-wasm: src/ keeps the ${RULES.length} wasm rules (${DOC}#wasm-rules)`);
}

if (process.argv[1] === SCRIPT) main(process.argv.slice(2));
