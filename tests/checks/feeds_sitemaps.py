"""The checks of feeds_sitemaps.sh against a running site: python3 feeds_sitemaps.py BASE XSD_DIR WORK."""
import gzip
import json
import subprocess
import sys
import urllib.request

import feedparser

base, xsd_dir, work = sys.argv[1:4]
FEED_LENGTH = 50  # PublicSiteOptions::feed_entries' default
failures = []
checked = {"atom": 0, "json": 0, "sitemap": 0}


def fail(message):
    failures.append(message)
    print("FAIL", message)


def fetch(url, headers=None, method="GET"):
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def expect_http(url, content_type):
    """200 with content_type; HEAD the same; If-None-Match of its ETag -> 304; gzip when asked."""
    status, headers, body = fetch(url)
    if status != 200 or headers.get("Content-Type") != content_type:
        fail(f"{url}: {status} {headers.get('Content-Type')}, expected 200 {content_type}")
        return body
    etag = headers.get("ETag", "")
    if not etag:
        fail(f"{url}: no ETag")
    elif fetch(url, {"If-None-Match": etag})[0] != 304:
        fail(f"{url}: If-None-Match {etag} did not give 304")
    if fetch(url, method="HEAD")[0] != 200:
        fail(f"{url}: HEAD is not 200")
    if len(body) >= 1024:
        status, zipped_headers, zipped = fetch(url, {"Accept-Encoding": "gzip"})
        if zipped_headers.get("Content-Encoding") != "gzip" or gzip.decompress(zipped) != body:
            fail(f"{url}: no gzip form equal to the plain one")
    return body


def xmllint(body, schema, name):
    path = f"{work}/{name}.xml"
    with open(path, "wb") as f:
        f.write(body)
    run = subprocess.run(["xmllint", "--noout", "--schema", f"{xsd_dir}/{schema}", path], capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"{name}: xmllint --schema {schema}: {run.stderr.strip()[:2000]}")
    checked["sitemap"] += 1


# What is published, per language and per (language, topic): the open data.
status, _, body = fetch(base + "/data/markers.json")
data = json.loads(body)
languages = data["languages"]
topics = [t["slug"] for t in data["topics"]]
published = {(lang, topic): 0 for lang in languages for topic in topics + [None]}
for marker in data["markers"]:
    for lang in marker["translations"]:
        published[(lang, marker["topic"])] += 1
        published[(lang, None)] += 1

for lang in languages:
    for topic in [None] + topics:
        path = f"/{lang}/" + (f"topics/{topic}/" if topic else "")
        expected = min(FEED_LENGTH, published[(lang, topic)])
        atom = expect_http(base + path + "feed.xml", "application/atom+xml; charset=utf-8")
        parsed = feedparser.parse(atom)
        name = path + "feed.xml"
        if parsed.bozo:
            fail(f"{name}: bozo: {parsed.bozo_exception}")
        if parsed.version != "atom10":
            fail(f"{name}: version {parsed.version!r}")
        if parsed.feed.get("language") != lang:
            fail(f"{name}: language {parsed.feed.get('language')!r}, expected {lang}")
        if len(parsed.entries) != expected:
            fail(f"{name}: {len(parsed.entries)} entries, expected {expected}")
        for entry in parsed.entries:
            if not entry.get("authors") or not entry.get("published") or not entry.get("link", "").startswith(base + f"/{lang}/"):
                fail(f"{name}: entry {entry.get('id')} lacks an author, a date or its link")
                break
        checked["atom"] += 1
        feed = json.loads(expect_http(base + path + "feed.json", "application/feed+json"))
        if feed.get("version") != "https://jsonfeed.org/version/1.1" or feed.get("language") != lang:
            fail(f"{path}feed.json: version {feed.get('version')!r}, language {feed.get('language')!r}")
        if len(feed.get("items", [])) != expected:
            fail(f"{path}feed.json: {len(feed.get('items', []))} items, expected {expected}")
        if [i["id"] for i in feed.get("items", [])] != [e.id for e in parsed.entries]:
            fail(f"{path}feed.json: items differ from the Atom feed's entries")
        checked["json"] += 1

# robots.txt -> the sitemap index -> every sitemap it names.
_, _, robots = fetch(base + "/robots.txt")
if f"Sitemap: {base}/sitemap.xml" not in robots.decode():
    fail(f"robots.txt does not name {base}/sitemap.xml: {robots!r}")
index = expect_http(base + "/sitemap.xml", "application/xml")
xmllint(index, "siteindex.xsd", "sitemap-index")
locs = [line.split("<loc>")[1].split("</loc>")[0] for line in index.decode().splitlines() if "<loc>" in line]
if len(locs) != len(languages):
    fail(f"the index names {len(locs)} sitemaps, expected one per language ({len(languages)})")
for n, loc in enumerate(locs):
    if not loc.startswith(base + "/"):
        fail(f"sitemap {loc} is not on {base}")
        continue
    xmllint(expect_http(loc, "application/xml"), "sitemap.xsd", f"sitemap-{n}")

print(f"checked {checked['atom']} Atom feeds (feedparser), {checked['json']} JSON Feeds, "
      f"{checked['sitemap']} sitemaps (xmllint --schema)")
sys.exit(1 if failures else 0)
