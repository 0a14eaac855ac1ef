// JSON position scanner: pointers map to 1-based line and column (UTF-8 characters), keys
// are unescaped into pointers, duplicate keys are noticed, byte offsets convert.
#include <catch2/catch.hpp>

#include "sim/json_positions.hpp"

TEST_CASE("every value's JSON pointer maps to its line and column", "[sim][scenario]") {
  const char* text = "{\n  \"hosts\": [\n    {\"ip\": \"1.2.3.4\"},\n    7\n  ]\n}";
  sim::JsonPositions p = sim::scan_json_positions(text);
  CHECK(p.values.at("").value.line == 1);
  CHECK(p.values.at("/hosts").value.line == 2);
  CHECK(p.values.at("/hosts").value.col == 12);
  CHECK(p.values.at("/hosts").key.col == 3);
  CHECK(p.values.at("/hosts/0/ip").value.line == 3);
  CHECK(p.values.at("/hosts/0/ip").value.col == 12);
  CHECK(p.values.at("/hosts/0/ip").key.col == 6);
  CHECK(p.values.at("/hosts/1").value.line == 4);
  CHECK(p.values.at("/hosts/1").value.col == 5);
  CHECK(p.values.at("/hosts/1").key.line == 0);
}

TEST_CASE("columns count UTF-8 characters, not bytes", "[sim][scenario]") {
  sim::JsonPositions p = sim::scan_json_positions("{\"t\": \"你好\", \"n\": 1}");
  CHECK(p.values.at("/n").value.col == 18);
  CHECK(sim::position_of_offset("你好x", 6).col == 3);
}

TEST_CASE("escaped keys become RFC 6901 pointers", "[sim][scenario]") {
  sim::JsonPositions p = sim::scan_json_positions(R"({"a/b": {"m~n": 1, "\u4f60\"": 2}})");
  CHECK(p.values.count("/a~1b/m~0n") == 1);
  CHECK(p.values.count("/a~1b/\xe4\xbd\xa0\"") == 1);
  CHECK(sim::json_pointer_append("/x", "a/b~") == "/x/a~1b~0");
}

TEST_CASE("a key given twice in one object is reported once", "[sim][scenario]") {
  sim::JsonPositions p = sim::scan_json_positions(R"({"a": 1, "b": {"a": 2}, "a": 3})");
  REQUIRE(p.duplicate_keys == std::vector<std::string>{"/a"});
  CHECK(p.values.at("/a").value.col == 30);
}

TEST_CASE("unmapped pointers fall back to their nearest mapped ancestor", "[sim][scenario]") {
  sim::JsonPositions p = sim::scan_json_positions("\n\n  {\"a\": [1]}");
  CHECK(p.value_at("/a/5/x").line == 3);
  CHECK(p.value_at("/a/5/x").col == 9);
  CHECK(p.key_at("/a").col == 4);
  CHECK(sim::scan_json_positions("").value_at("/x").line == 1);
}

TEST_CASE("byte offsets convert to line and column, CR LF counting as one line end", "[sim][scenario]") {
  CHECK(sim::position_of_offset("ab\r\ncd", 5).line == 2);
  CHECK(sim::position_of_offset("ab\r\ncd", 5).col == 2);
  CHECK(sim::position_of_offset("ab", 99).col == 3);
}

TEST_CASE("truncated and deeply nested text does not crash the scanner", "[sim][scenario]") {
  std::string deep(100000, '[');
  sim::JsonPositions p = sim::scan_json_positions(deep);
  CHECK(p.values.size() <= 600);
  const char* text = R"({"a": [1, {"b": "c\u12)";
  for (std::size_t n = 0; n <= std::string_view(text).size(); ++n)
    sim::scan_json_positions(std::string_view(text, n));
}
