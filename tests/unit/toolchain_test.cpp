#include "toolchain.hpp"

#include <gtest/gtest.h>

namespace ptlabs::grader {
namespace {

TEST(Toolchain, ParsesTheManifest) {
  Toolchain t;
  std::string err;
  ASSERT_TRUE(parse_toolchain(R"({"cxx": "/usr/bin/c++", "compile_flags": ["-O2"],
      "include_dirs": ["/inc"], "link_flags": ["-pthread"], "link_libraries": ["/a.a"],
      "source_dir": "/src", "build_dir": "/src/build", "labs": {"01-spawn": {"hidden_archive": "/h.a"}}})",
                              &t, &err))
      << err;
  EXPECT_EQ(t.cxx, "/usr/bin/c++");
  EXPECT_EQ(t.hidden_archives.at("01-spawn"), "/h.a");
  EXPECT_EQ(t.catalog_path(), "/src/labs/labs.toml");
  EXPECT_EQ(t.pristine_lab_dir("01-spawn"), "/src/labs/01-spawn");
}

TEST(Toolchain, APerfDriverWithoutReferenceIsFine) {
  // A copy without solutions/ (the Gradescope package) builds no *_perf_ref.
  Toolchain t;
  std::string err;
  ASSERT_TRUE(parse_toolchain(R"({"cxx": "c++", "compile_flags": [], "include_dirs": [],
      "link_flags": [], "link_libraries": [], "source_dir": "/src", "build_dir": "/b",
      "labs": {"03-cpu-bound": {"hidden_archive": "/h.a", "perf_archive": "/p.a"}}})",
                              &t, &err))
      << err;
  EXPECT_EQ(t.perf_archives.at("03-cpu-bound"), "/p.a");
  EXPECT_EQ(t.perf_references.count("03-cpu-bound"), 0u);
}

TEST(Toolchain, NmAndReservedSymbolsAreOptional) {
  // An older manifest has neither: nm from PATH, and the symbol policy without its list.
  const std::string base = R"("cxx": "c++", "compile_flags": [], "include_dirs": [],
      "link_flags": [], "link_libraries": [], "source_dir": "/src", "build_dir": "/b", "labs": {})";
  Toolchain t;
  std::string err;
  ASSERT_TRUE(parse_toolchain("{" + base + "}", &t, &err)) << err;
  EXPECT_EQ(t.nm, "nm");
  EXPECT_TRUE(t.reserved_symbols.empty());
  ASSERT_TRUE(parse_toolchain(
      "{" + base + R"(, "nm": "/usr/bin/nm", "reserved_symbols": "/b/reserved.txt"})", &t, &err))
      << err;
  EXPECT_EQ(t.nm, "/usr/bin/nm");
  EXPECT_EQ(t.reserved_symbols, "/b/reserved.txt");
}

TEST(Toolchain, MissingFieldOrFileIsExplained) {
  Toolchain t;
  std::string err;
  EXPECT_FALSE(parse_toolchain(R"({"cxx": "c++"})", &t, &err));
  EXPECT_NE(err.find("invalid toolchain manifest"), std::string::npos);
  EXPECT_FALSE(load_toolchain("/nonexistent/toolchain.json", &t, &err));
  EXPECT_NE(err.find("./run.sh build"), std::string::npos) << err;
}

}  // namespace
}  // namespace ptlabs::grader
