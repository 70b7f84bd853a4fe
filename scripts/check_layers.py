#!/usr/bin/python3
"""The layer rules of docs/architecture.md, checked on every #include under src/.

  domain/            the standard library and domain/ only
  search/            nothing but domain/ (and its libraries: ICU, Hunspell, Snowball)
  storage/ (generic) nothing of services/, web/, app/, cli/, nor a concrete backend
  services/          nothing of web/, app/, cli/, nor a concrete backend
  web/               nothing of app/, cli/, nor a concrete backend (storage/sqlite, storage/postgres)
  i18n/ render/ mail/ config/   nothing above them (services/, web/, app/, cli/)
  webhook/           nothing but domain/ (and its libraries: Boost.Beast, OpenSSL); nobody below
                     services/ includes it
  storage/sqlite/, storage/postgres/   not each other
Only app/ (the composition root) and cli/ name the concrete backends.

Usage: check_layers.py SRC_DIR            exit 1 and one line per violation when any
       check_layers.py --self-test SRC_DIR plants a violation of each rule in a copy of SRC_DIR
                                          and fails unless every one is caught (and the copy
                                          without them passes)
"""
import os
import re
import shutil
import sys
import tempfile

STD_HEADERS = set("""
algorithm any array atomic barrier bit bitset cassert cctype cerrno cfloat charconv chrono cinttypes
climits clocale cmath codecvt compare complex concepts condition_variable coroutine csignal cstdarg
cstddef cstdint cstdio cstdlib cstring ctime cuchar cwchar cwctype deque exception execution expected
filesystem format forward_list fstream functional future initializer_list iomanip ios iosfwd iostream
istream iterator latch limits list locale map memory memory_resource mutex new numbers numeric optional
ostream queue random ranges ratio regex scoped_allocator semaphore set shared_mutex source_location span
sstream stack stdexcept stop_token streambuf string string_view syncstream system_error thread tuple
type_traits typeindex typeinfo unordered_map unordered_set utility valarray variant vector version
""".split())

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
BACKENDS = ("storage/sqlite/", "storage/postgres/")


def layer_of(path):
    """The layer of a file, by its path relative to src/."""
    parts = path.split("/")
    if parts[0] == "storage" and len(parts) > 2 and parts[1] in ("sqlite", "postgres"):
        return "storage/" + parts[1]
    return parts[0]


def forbidden(layer, kind, target):
    """Why `layer` may not include `target` ("" when it may)."""
    above = {
        "domain": ("storage/", "i18n/", "render/", "mail/", "services/", "web/", "config/", "app/", "cli/"),
        "storage": ("services/", "web/", "app/", "cli/", "i18n/", "render/", "mail/", "config/", "webhook/") + BACKENDS,
        "storage/sqlite": ("services/", "web/", "app/", "cli/", "storage/postgres/"),
        "storage/postgres": ("services/", "web/", "app/", "cli/", "storage/sqlite/"),
        "search": ("storage/", "i18n/", "render/", "mail/", "services/", "web/", "config/", "app/", "cli/", "webhook/"),
        "webhook": ("storage/", "search/", "i18n/", "render/", "mail/", "services/", "web/", "config/", "app/", "cli/"),
        "i18n": ("services/", "web/", "app/", "cli/", "storage/", "webhook/"),
        "render": ("services/", "web/", "app/", "cli/", "storage/", "webhook/"),
        "mail": ("services/", "web/", "app/", "cli/", "storage/", "webhook/"),
        "config": ("services/", "web/", "app/", "cli/", "storage/", "webhook/"),
        "services": ("web/", "app/", "cli/") + BACKENDS,
        "web": ("app/", "cli/") + BACKENDS,
    }
    if layer == "domain":
        if kind == "<" and target not in STD_HEADERS:
            return "domain/ depends on the standard library only"
        if kind == '"' and not target.startswith("domain/"):
            return "domain/ depends on nothing but itself"
    for prefix in above.get(layer, ()):
        if target.startswith(prefix):
            return f"{layer}/ may not include {prefix}"
    return ""


def violations(src):
    out = []
    for root, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith((".hpp", ".cpp", ".h")):
                continue
            full = os.path.join(root, name)
            rel = os.path.relpath(full, src).replace(os.sep, "/")
            layer = layer_of(rel)
            with open(full, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    why = forbidden(layer, m.group(1), m.group(2))
                    if why:
                        out.append(f"src/{rel}:{number}: includes {m.group(2)}: {why}")
    return out


PLANTED = [  # (file to plant in, include line, the rule it breaks)
    ("domain/period.hpp", '#include <boost/asio.hpp>', "standard library only"),
    ("domain/period.hpp", '#include "storage/store.hpp"', "nothing but itself"),
    ("storage/validate.hpp", '#include "web/http.hpp"', "storage/ may not include web/"),
    ("storage/validate.hpp", '#include "storage/sqlite/connection.hpp"', "storage/ may not include storage/sqlite/"),
    ("services/staff/password.hpp", '#include "web/http.hpp"', "services/ may not include web/"),
    ("services/staff/password.hpp", '#include "storage/postgres/pool.hpp"', "may not include storage/postgres/"),
    ("web/http.hpp", '#include "storage/sqlite/sqlite_store.hpp"', "web/ may not include storage/sqlite/"),
    ("web/http.hpp", '#include "app/app.hpp"', "web/ may not include app/"),
    ("mail/transport.hpp", '#include "services/newsletter/compose.hpp"', "mail/ may not include services/"),
    ("search/query.hpp", '#include "storage/store.hpp"', "search/ may not include storage/"),
    ("webhook/url.hpp", '#include "storage/database.hpp"', "webhook/ may not include storage/"),
    ("mail/transport.hpp", '#include "webhook/url.hpp"', "mail/ may not include webhook/"),
]


def self_test(src):
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "src")
        shutil.copytree(src, copy)
        clean = violations(copy)
        if clean:
            print("the tree itself breaks the rules:\n" + "\n".join(clean))
            return 1
        failed = 0
        for path, line, rule in PLANTED:
            target = os.path.join(copy, path)
            with open(target, encoding="utf-8") as f:
                original = f.read()
            with open(target, "w", encoding="utf-8") as f:
                f.write(original.replace("#pragma once\n", "#pragma once\n" + line + "\n", 1))
            found = violations(copy)
            with open(target, "w", encoding="utf-8") as f:
                f.write(original)
            if len(found) != 1 or rule not in found[0]:
                print(f"planted {line!r} in {path}: expected one violation naming {rule!r}, got {found}")
                failed += 1
            else:
                print(f"caught: {found[0]}")
        print(f"{len(PLANTED) - failed} passed, {failed} failed")
        return 1 if failed else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test(argv[2])
    if len(argv) != 2:
        print(__doc__)
        return 64
    found = violations(argv[1])
    for v in found:
        print(v)
    print(f"layer rules: {len(found)} violation(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
