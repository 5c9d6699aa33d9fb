import { test, expect, appReady } from "./fixtures";
import { spawn, ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";

// A deploy replaces the shell: a reader who has the old worker gets the
// new build's files after a reload, not the cached ones. The test serves
// dist/ and then, at the same origin, a copy whose worker has a new
// version and whose pwa.js (a shell file without a hash in its name, so
// only a new worker refreshes it) marks the page.
test.use({ serviceWorkers: "allow" });

const ROOT = resolve(__dirname, "../..");
const PORT = Number(process.env.UPDATE_PORT ?? 4601);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const WORK = join(ROOT, "target/e2e-update");

function serve(dist: string): Promise<ChildProcess> {
  const server = spawn(
    join(ROOT, "target/tools/standfirst-server"),
    ["serve", "--dist", dist, "--db", join(WORK, `${Date.now()}.sqlite`), "--host", "127.0.0.1", "--port", String(PORT)],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let errors = "";
  server.stderr!.on("data", (d) => (errors += d));
  return new Promise((ok, fail) => {
    const deadline = Date.now() + 20_000;
    let settled = false;
    const settle = (why?: string) => {
      if (settled) return;
      settled = true;
      if (why) fail(new Error(`${why}; its stderr:\n${errors}`));
      else ok(server);
    };
    server.once("close", (code) => settle(`the server exited (status ${code}) before it answered`));
    const probe = () =>
      fetch(`${ORIGIN}/api/v1/site.json`)
        .then((r) => (r.ok ? settle() : Promise.reject()))
        .catch(() => {
          if (settled) return;
          if (Date.now() > deadline) settle("the server did not answer within 20 s");
          else setTimeout(probe, 50);
        });
    probe();
  });
}

function stop(server: ChildProcess): Promise<void> {
  return new Promise((done) => {
    server.once("exit", () => done());
    server.kill();
  });
}

/** A copy of dist/ with a new worker version and a marked stylesheet. */
function nextBuild(): { dir: string; version: string } {
  const dir = join(WORK, "next");
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(ROOT, "dist"), dir, { recursive: true });
  const sw = readFileSync(join(dir, "sw.js"), "utf8");
  const old = /"version":"([0-9a-f]+)"/.exec(sw)![1];
  const version = `${old}-next`;
  writeFileSync(join(dir, "sw.js"), sw.replace(`"version":"${old}"`, `"version":"${version}"`));
  const js = join(dir, "pwa.js");
  writeFileSync(js, readFileSync(js, "utf8") + '\ndocument.documentElement.setAttribute("data-build", "next");\n');
  for (const f of ["pwa.js", "sw.js"]) {
    for (const ext of [".br", ".gz"]) if (existsSync(join(dir, f + ext))) rmSync(join(dir, f + ext));
  }
  return { dir, version };
}

test("a new worker version replaces the cached shell after a reload", async ({ page }) => {
  mkdirSync(WORK, { recursive: true });
  const next = nextBuild();
  const marker = () => page.evaluate(() => document.documentElement.getAttribute("data-build"));
  const shells = () => page.evaluate(() => caches.keys().then((k) => k.filter((n) => n.startsWith("standfirst-shell-"))));

  let server = await serve(join(ROOT, "dist"));
  try {
    await page.goto(`${ORIGIN}/`);
    await appReady(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    const [first] = await shells();
    expect(first).toMatch(/^standfirst-shell-[0-9a-f]{16}$/);
    expect(await marker()).toBeNull();

    await stop(server);
    server = await serve(next.dir);
    // The reload checks for a new worker; it installs beside the old one,
    // takes over and deletes the old shell.
    await page.reload();
    await expect.poll(shells, { timeout: 15_000 }).toEqual([`standfirst-shell-${next.version}`]);
    await page.reload();
    await appReady(page);
    expect(await marker()).toBe("next");
  } finally {
    await stop(server);
  }
});
