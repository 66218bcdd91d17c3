// A static file server that behaves like GitHub Pages, for `make serve` and the browser tests.
//
// It serves the files under --root at the path --base, answers a directory with its
// index.html (redirecting /dir to /dir/ first), and answers anything missing with the site's
// 404.html and status 404. It has no single-page-app fallback of its own: whatever the
// deployed site needs to answer deep links must be in the files. Like GitHub Pages, it
// compresses text, JSON, SVG and wasm with gzip for clients that accept it, so Lighthouse
// and the benchmarks see the transfer sizes a reader gets.
//
//   node tests/e2e/static-server.mjs --root dist --base /incident-atlas/ --port 8080
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";

const options = { root: "dist", base: "/", port: "8080", host: "127.0.0.1" };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i]?.replace(/^--/, "");
  if (!(key in options) || argv[i + 1] === undefined) {
    console.error(`usage: static-server.mjs [--root DIR] [--base /path/] [--port N] [--host ADDR]`);
    process.exit(2);
  }
  options[key] = argv[i + 1];
}
const root = resolve(options.root);
const base = `/${options.base.replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".csv": "text/csv; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

async function fileAt(path) {
  try {
    const info = await stat(path);
    return info.isFile() ? "file" : info.isDirectory() ? "dir" : null;
  } catch {
    return null;
  }
}

const COMPRESSED = new Set([".html", ".js", ".mjs", ".wasm", ".css", ".json", ".svg", ".txt", ".xml", ".csv", ".webmanifest"]);
const gzipped = new Map();

async function send(req, res, status, path, headers = {}) {
  const method = req.method;
  const acceptsGzip = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
  let body = await readFile(path);
  const extra = {};
  if (acceptsGzip && COMPRESSED.has(extname(path))) {
    // Keyed by path, length and modification time: a rebuilt file of the same length is a
    // new file. (Hashing the content would cost the benchmarks' 60 MB catalogue a read.)
    const { mtimeMs } = await stat(path);
    const key = `${path}:${body.length}:${mtimeMs}`;
    if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 6 }));
    body = gzipped.get(key);
    extra["content-encoding"] = "gzip";
    extra.vary = "accept-encoding";
  }
  res.writeHead(status, {
    "content-type": TYPES[extname(path)] ?? "application/octet-stream",
    "content-length": body.length,
    "cache-control": "no-cache",
    ...extra,
    ...headers,
  });
  res.end(method === "HEAD" ? undefined : body);
}

async function notFound(req, res) {
  const method = req.method;
  const page = join(root, "404.html");
  if ((await fileAt(page)) === "file") return send(req, res, 404, page);
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end(method === "HEAD" ? undefined : "404 Not Found\n");
}

const server = createServer(async (req, res) => {
  try {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" });
      return res.end();
    }
    const url = new URL(req.url, "http://localhost");
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return notFound(req, res);
    }
    if (`${pathname}/` === base) {
      res.writeHead(301, { location: base + url.search });
      return res.end();
    }
    if (!pathname.startsWith(base) || pathname.includes("\0")) return notFound(req, res);
    const relative = pathname.slice(base.length);
    const target = normalize(join(root, relative));
    if (target !== root && !target.startsWith(root + sep)) return notFound(req, res);

    const kind = await fileAt(target);
    if (kind === "file") return send(req, res, 200, target);
    if (kind === "dir") {
      if (!pathname.endsWith("/")) {
        res.writeHead(301, { location: `${url.pathname}/${url.search}` });
        return res.end();
      }
      const index = join(target, "index.html");
      if ((await fileAt(index)) === "file") return send(req, res, 200, index);
    }
    return notFound(req, res);
  } catch (error) {
    console.error(error);
    res.writeHead(500);
    res.end();
  }
});

server.listen(Number(options.port), options.host, () => {
  console.log(`Serving ${root} at http://${options.host}:${options.port}${base}`);
});
