import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
/** Instructions with their arguments, continuation lines joined and comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"))
  .map((l) => {
    const [op = "", ...rest] = l.trim().split(/\s+/);
    return { op: op.toUpperCase(), args: rest.join(" ") };
  });
const args = Object.fromEntries(
  instructions.filter((i) => i.op === "ARG").map((i) => i.args.split("=") as [string, string]),
);
const expand = (s: string) => s.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? `<unset ${name}>`);

describe("Dockerfile", () => {
  it("is multi-stage from pinned images, and the runtime stage runs as a non-root user with a HEALTHCHECK", () => {
    const froms = instructions.filter((i) => i.op === "FROM").map((i) => expand(i.args));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const stages: string[] = [];
    for (const from of froms) {
      // A stage may build on an earlier stage; every base image is pinned (never :latest, never untagged).
      const [image = "", , name = ""] = from.split(/\s+/);
      if (!stages.includes(image)) expect(from).toMatch(/^[\w./-]+:(?!latest\b)[\w.-]+ AS \w+$/);
      else expect(from).toMatch(/^\w+ AS \w+$/);
      stages.push(name);
    }
    const runtime = instructions.slice(instructions.findLastIndex((i) => i.op === "FROM"));
    const user = runtime.filter((i) => i.op === "USER").at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.some((i) => i.op === "HEALTHCHECK" && /\bCMD\b/.test(i.args))).toBe(true);
    expect(runtime.some((i) => i.op === "COPY" && i.args.startsWith("--from="))).toBe(true);
  });

  it("installs from the lockfile with every workspace's package.json, and runs the CLI without npm", () => {
    const copied = instructions.filter((i) => i.op === "COPY").map((i) => i.args.split(" ")[0]);
    const workspaces = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces: string[] })
      .workspaces;
    const manifests = workspaces.flatMap((glob) => {
      const dir = glob.replace(/\/\*$/, "");
      return readdirSync(join(root, dir))
        .filter((d) => existsSync(join(root, dir, d, "package.json")))
        .map((d) => `${dir}/${d}/package.json`);
    });
    expect(manifests.length).toBeGreaterThanOrEqual(9);
    for (const m of manifests) expect(copied, m).toContain(m);
    expect(instructions.some((i) => i.op === "RUN" && /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);

    const entrypoint = JSON.parse(instructions.find((i) => i.op === "ENTRYPOINT")?.args ?? "[]") as string[];
    expect(entrypoint[0]).toBe("node");
    expect(existsSync(join(root, entrypoint[1] ?? "?"))).toBe(true);
  });

  it(".dockerignore keeps node_modules, git and local data out, and keeps what the image runs", () => {
    const ignored = readFileSync(join(root, ".dockerignore"), "utf8")
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("#"));
    for (const p of ["**/node_modules", ".git", "data"]) expect(ignored).toContain(p);
    const covers = (path: string) => ignored.some((p) => path === p || path.startsWith(`${p}/`));
    for (const needed of ["apps/bookstore/bin/bookstore.mjs", "packages/platform/src", "tsconfig.json"])
      expect(covers(needed), needed).toBe(false);
  });
});
