// cat(a, b, c...): joins string pieces with one allocation. Used instead of chains of
// `"x" + std::string + "y"`, which also trip a false -Wrestrict in GCC 12's libstdc++.
#pragma once
#include <string>
#include <string_view>

namespace visual {

template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  out.reserve((std::string_view(parts).size() + ... + 0));
  (out.append(std::string_view(parts)), ...);
  return out;
}

}  // namespace visual
