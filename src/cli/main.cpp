// barometer: one binary, one subcommand per file in cli/. See `barometer --help`.
#include <cstdio>

int main() {
  std::puts("barometer");
  return 0;
}
