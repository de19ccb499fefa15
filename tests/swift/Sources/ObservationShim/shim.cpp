// Linux only: the Observation runtime in Debian's swiftlang 6.0.3 calls
// swift::threading::fatal, which no library it links provides. Defined here so a target using
// @Observable links (tests only; Apple platforms have it).
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

namespace swift {
namespace threading {
[[noreturn]] void fatal(const char *message, ...) {
  va_list args;
  va_start(args, message);
  std::vfprintf(stderr, message, args);
  va_end(args);
  std::abort();
}
}  // namespace threading
}  // namespace swift
