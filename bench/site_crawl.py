#!/usr/bin/env python3
"""The reader's site as a list of URLs, and what each costs to render the first time.

  site_crawl.py crawl BASE OUT LANG...   every URL linked from the listing pages of every language
  site_crawl.py time BASE OUT URLS       requests each URL of the file URLS once, in order

crawl: starts at /{lang}/ for each language; the listing pages (home, a topic's first page, the
dynamics, a period) found there are read too, and every internal URL linked from any of them
(commentaries, authors, static pages, feeds, assets, the open data, the listing pages
themselves) joins the list. /admin/ is left out. A redirect is listed as it is (wrk does not
follow redirects either) and its target is listed too. Writes OUT/urls.txt (one path a line, the
order of discovery), OUT/www/<n> (the bytes of URL n, for nginx), OUT/nginx-urls.txt (/<n>, same
order) and OUT/first.tsv (kind, status, ms, bytes, path of each first request).

time: one pass over URLS on one kept-alive connection, each URL requested once (on a freshly
started server: every request is a render, not a cache hit), after a warm-up of each language
under other cache keys (see timed_pass); appends "kind status ms bytes path" lines to OUT. The time is from sending the request to the last byte of the body, measured here
(Python's http.client adds some 0.05-0.1 ms to each).
"""
import http.client
import re
import sys
import time
import urllib.parse

LISTING = [
    re.compile(r"^/[a-z]{2,3}/$"),
    re.compile(r"^/[a-z]{2,3}/dynamics/(\?.*)?$"),
    re.compile(r"^/[a-z]{2,3}/topics/[^/]+/$"),
    re.compile(r"^/[a-z]{2,3}/\d{4}-W\d{2}/$"),
]
KINDS = [
    ("home", re.compile(r"^/[a-z]{2,3}/$")),
    ("period", re.compile(r"^/[a-z]{2,3}/\d{4}-W\d{2}/$")),
    ("dynamics-all", re.compile(r"^/[a-z]{2,3}/dynamics/\?range=all$")),
    ("dynamics", re.compile(r"^/[a-z]{2,3}/dynamics/")),
    ("commentary-by-period", re.compile(r"^/[a-z]{2,3}/topics/[^/]+/\d{4}-W\d{2}/$")),
    ("feed", re.compile(r"feed\.(xml|json)$")),
    ("topic", re.compile(r"^/[a-z]{2,3}/topics/[^/]+/(\?.*)?$")),
    ("commentary", re.compile(r"^/[a-z]{2,3}/topics/[^/]+/[^/?]+/$")),
    ("author", re.compile(r"^/[a-z]{2,3}/authors/")),
    ("data", re.compile(r"^/data/")),
    ("static", re.compile(r"^/static/")),
    ("sitemap", re.compile(r"sitemap")),
    ("newsletter", re.compile(r"^/(subscribe|confirm|preferences|unsubscribe)")),
    ("search", re.compile(r"^/[a-z]{2,3}/search")),
    ("page", re.compile(r"^/[a-z]{2,3}/[^/]+/$")),
]
HREF = re.compile(r'(?:href|src)="([^"#]*)"')


def kind_of(path):
    for name, pattern in KINDS:
        if pattern.search(path):
            return name
    return "other"


class Client:
    def __init__(self, base):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def get(self, path):
        start = time.perf_counter()
        try:
            self.conn.request("GET", path)
            resp = self.conn.getresponse()
            body = resp.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            start = time.perf_counter()
            self.conn.request("GET", path)
            resp = self.conn.getresponse()
            body = resp.read()
        ms = (time.perf_counter() - start) * 1000
        return resp.status, resp.getheader("Location"), body, ms


def internal(base, href):
    href = href.replace("&amp;", "&")
    if href.startswith(base):
        href = href[len(base):] or "/"
    if not href.startswith("/") or href.startswith("//"):
        return None
    if href.startswith("/admin"):
        return None
    return href


def crawl(base, out, langs):
    client = Client(base)
    seen = {}
    order = []

    def fetch(path):
        if path not in seen:
            seen[path] = client.get(path)
            order.append(path)
        return seen[path]

    listing_done = set()
    queue = ["/%s/" % lang for lang in langs]
    depth = {p: 0 for p in queue}
    while queue:
        path = queue.pop(0)
        status, location, body, _ = fetch(path)
        if location:
            target = internal(base, location)
            if target:
                fetch(target)
        if status != 200 or path in listing_done:
            continue
        if not any(p.search(path) for p in LISTING) or depth[path] > 1:
            continue
        listing_done.add(path)
        for href in HREF.findall(body.decode("utf-8", "replace")):
            target = internal(base, href)
            if target is None:
                continue
            if target not in depth:
                depth[target] = depth[path] + 1
                queue.append(target)
            else:
                fetch(target)
    with open(out + "/urls.txt", "w") as urls, open(out + "/nginx-urls.txt", "w") as nginx, \
            open(out + "/first.tsv", "w") as first:
        for n, path in enumerate(order):
            status, _, body, ms = seen[path]
            with open("%s/www/%d" % (out, n), "wb") as f:
                f.write(body)
            urls.write(path + "\n")
            nginx.write("/%d\n" % n)
            first.write("%s\t%d\t%.3f\t%d\t%s\n" % (kind_of(path), status, ms, len(body), path))


def timed_pass(base, out, urls_file):
    client = Client(base)
    with open(urls_file) as f:
        paths = [line.strip() for line in f if line.strip()]
    # Warm-up, so that the times are a page's render and not the process's first steps: the
    # content snapshot and catalogues, and each language's ICU formatters (cached per thread), by
    # one home page per language under a key no timed URL has ("/en/?warm-up": the home page
    # ignores its query string; a page of its own in the cache).
    client.get("/healthz")
    client.get("/xx-warm-up/")
    for lang in sorted({m.group(1) for m in (re.match(r"^/([a-z]{2,3})/", p) for p in paths) if m}):
        client.get("/%s/?warm-up" % lang)
    with open(out, "a") as result:
        for path in paths:
            status, _, body, ms = client.get(path)
            result.write("%s\t%d\t%.3f\t%d\t%s\n" % (kind_of(path), status, ms, len(body), path))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "crawl":
        crawl(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) == 5 and sys.argv[1] == "time":
        timed_pass(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
