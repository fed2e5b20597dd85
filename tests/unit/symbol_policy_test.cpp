// The symbol policy on fake nm listings: what a student's objects may define.
#include "symbol_policy.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace ptlabs::grader {
namespace {

// What the reserved-symbols file holds, cut down: a few names of each library,
// in nm's own format (a version node, version suffixes, an archive member line).
const char* const kReserved = R"(# The names the libraries of a test program define
@c /usr/lib/x86_64-linux-gnu/libc.so.6
GLIBC_2.2.5 A 0 
write@@GLIBC_2.2.5 W f8340 9d
fork@@GLIBC_2.2.5 T e1234 40
getpid@@GLIBC_2.2.5 W d54e0 8
index@@GLIBC_2.2.5 i 9d5f0 78
environ@@GLIBC_2.2.5 V 1db320 8
@stdc++ /usr/lib/x86_64-linux-gnu/libstdc++.so.6
_ZSt9terminatev@@GLIBCXX_3.4 T a8e70 15
_Znwm@@GLIBCXX_3.4 T a9570 35
_ZdlPv@@GLIBCXX_3.4 T a9600 10
_ZNSt6vectorIiSaIiEE17_M_realloc_insertIJiEEEvN9__gnu_cxx17__normal_iteratorIPiS1_EEDpOT_@@GLIBCXX_3.4 W 1000 16f
@framework /build/labs/common/libptlabs_common.a
libptlabs_common.a[clock.cpp.o]:
_ZN6ptlabs6now_nsEv T 0 20
DW.ref.__gxx_personality_v0 V 0 8
libptlabs_common.a[identity.cpp.o]:
_ZN6ptlabs11current_pidEv T 0 20
@framework /build/grader/hidden/support/libptlabs_test_main.a
libptlabs_test_main.a[test_main.cpp.o]:
main T 100 76a
@gtest /usr/lib/x86_64-linux-gnu/libgtest.a
libgtest.a[gtest-all.cc.o]:
DeleteThreadLocalValue W 0 11
_ZN7testing8internal12UnitTestImpl11RunAllTestsEv T 0 400
)";

// The lab function every listing below also defines, for the advice about main.
const std::string kLabFunction =
    "/work/01-spawn/process.cpp.o: _ZN5lab0116run_in_processesEiRKSt8functionIFmiEE T 0 1a0\n";

struct Case {
  const char* name;
  std::string listing;                   // nm -P -A -g --defined-only of the student's objects
  std::string refused;                   // the symbol named, as shown; "" = allowed
  std::vector<std::string> message_has;  // fragments of the message
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.name; }

const Case kCases[] = {
    {"main",
     "/work/01-spawn/process.cpp.o: main T 0 5b\n",
     "main()",
     {"process.cpp defines main(): the grader provides main; remove it and put your code in "
      "run_in_processes()."}},
    {"weak_main", "/work/01-spawn/process.cpp.o: main W 0 5b\n", "main()", {"defines main()"}},
    {"write",
     "/work/01-spawn/thread.cpp.o: write T 0 9\n",
     "write()",
     {"thread.cpp defines write(), a function of the C library: giving it your own definition "
      "replaces it for the whole test program; rename yours"}},
    {"weak_write_interposes_too",
     "/work/01-spawn/thread.cpp.o: write W 0 9\n",
     "write()",
     {"a function of the C library"}},
    {"fork",
     "/work/01-spawn/process.cpp.o: fork T 0 3\n",
     "fork()",
     {"fork(), a function of the C library"}},
    {"a_global_variable_named_like_a_libc_function",
     "/work/01-spawn/process.cpp.o: index B 0 4\n",
     "index",
     {"process.cpp defines index, the name of a function of the C library", "make it static"}},
    {"ptlabs_now_ns",
     "/work/01-spawn/process.cpp.o: _ZN6ptlabs6now_nsEv T 0 8\n",
     "ptlabs::now_ns()",
     {"process.cpp defines ptlabs::now_ns(), a function of the lab framework (labs/common)",
      "use the framework's"}},
    {"ptlabs_current_pid",
     "/work/01-spawn/process.cpp.o: _ZN6ptlabs11current_pidEv T 0 8\n",
     "ptlabs::current_pid()",
     {"ptlabs::current_pid(), a function of the lab framework"}},
    {"a_new_name_in_namespace_ptlabs",
     "/work/01-spawn/process.cpp.o: _ZN6ptlabs6helperEv T 0 8\n",
     "ptlabs::helper()",
     {"in namespace ptlabs, which belongs to the lab framework"}},
    {"an_inline_framework_function_is_fine",
     "/work/01-spawn/process.cpp.o: _ZN6ptlabs10elapsed_msEm W 0 8\n"
     "/work/01-spawn/process.cpp.o: _ZZN6ptlabs5stateEvE1s u 0 8\n",
     "",
     {}},
    {"tsan_default_options",
     "/work/02-sharing/thread.cpp.o: __tsan_default_options T 20 8\n",
     "__tsan_default_options()",
     {"thread.cpp defines __tsan_default_options(), a hook of the sanitizer runtime"}},
    {"weak_sanitizer_hook",
     "/w/thread.cpp.o: __asan_default_options W 0 8\n",
     "__asan_default_options()",
     {"hook of the sanitizer runtime"}},
    {"weak_std_instantiation_is_fine",
     "/work/01-spawn/process.cpp.o: "
     "_ZNSt6vectorIiSaIiEE17_M_realloc_insertIJiEEEvN9__gnu_cxx17__normal_iteratorIPiS1_EEDpOT_ W "
     "0 16f\n"
     "/work/01-spawn/process.cpp.o: _ZNSt12_Vector_baseIiSaIiEED2Ev W 0 21\n"
     "/work/01-spawn/process.cpp.o: DW.ref.__gxx_personality_v0 V 0 8\n",
     "",
     {}},
    {"strong_std_function",
     "/work/01-spawn/process.cpp.o: _ZSt9terminatev T 0 8\n",
     "std::terminate()",
     {"std::terminate(), a function of the C++ standard library"}},
    {"operator_new_and_delete_may_be_replaced",
     "/work/01-spawn/process.cpp.o: _Znwm T 0 30\n/work/01-spawn/process.cpp.o: _ZdlPv T 30 10\n",
     "",
     {}},
    {"student_function_process_chunk",
     "/work/02-sharing/process.cpp.o: _ZN5lab0213process_chunkEi T 0 40\n"
     "/work/02-sharing/process.cpp.o: _Z13process_chunki T 40 4\n",
     "",
     {}},
    {"static_write_in_an_anonymous_namespace_is_local",
     "/work/01-spawn/thread.cpp.o: _ZN12_GLOBAL__N_15writeEiPKvm t 0 9\n"
     "/work/01-spawn/thread.cpp.o: write t 10 9\n",
     "",
     {}},
    {"an_undefined_reference_is_fine", "/work/01-spawn/thread.cpp.o: write U\n", "", {}},
    {"googletest_internals",
     "/work/01-spawn/process.cpp.o: _ZN7testing8internal12UnitTestImpl11RunAllTestsEv T 0 8\n",
     "testing::internal::UnitTestImpl::RunAllTests()",
     {"a part of GoogleTest", "remove the #include of gtest"}},
    {"a_googletest_listener_is_refused_once_with_a_count",
     "/work/01-spawn/process.cpp.o: "
     "_ZN7testing22EmptyTestEventListener11OnTestStartERKNS_8TestInfoE W 0 1\n"
     "/work/01-spawn/process.cpp.o: "
     "_ZN7testing22EmptyTestEventListener9OnTestEndERKNS_8TestInfoE W 0 1\n"
     "/work/01-spawn/process.cpp.o: _ZTIN7testing17TestEventListenerE V 0 10\n",
     "testing::EmptyTestEventListener::OnTestStart(testing::TestInfo const&)",
     {"a part of GoogleTest", "(2 more symbols of GoogleTest in process.cpp)"}},
    {"a_weak_framework_library_symbol_is_not_reserved",
     "/work/01-spawn/process.cpp.o: DeleteThreadLocalValue W 0 11\n",
     "",
     {}},
};

class SymbolPolicy : public testing::TestWithParam<Case> {};

TEST_P(SymbolPolicy, RefusesWhatBelongsToTheLibrariesAndNothingElse) {
  const Case& c = GetParam();
  const ReservedSymbols reserved = parse_reserved_symbols(kReserved);
  const auto violations = find_symbol_violations(kLabFunction + c.listing, reserved);
  if (c.refused.empty()) {
    EXPECT_TRUE(violations.empty()) << violations.front().message;
    return;
  }
  ASSERT_EQ(violations.size(), 1u) << (violations.empty() ? "none" : violations.back().message);
  EXPECT_EQ(violations[0].symbol, c.refused);
  for (const auto& fragment : c.message_has) {
    EXPECT_NE(violations[0].message.find(fragment), std::string::npos)
        << violations[0].message << "\nlacks: " << fragment;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, SymbolPolicy, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& param_info) {
                           return std::string(param_info.param.name);
                         });

TEST(SymbolPolicyFiles, EachViolationNamesItsOwnFile) {
  const auto violations = find_symbol_violations(
      "/w/process.cpp.o: main T 0 5\n/w/process.cpp.o: _ZN5lab0211count_wordsEv T 10 5\n"
      "/w/thread.cpp.o: main T 0 5\n/w/helpers.cpp.tsan.o: fork T 0 3\n",
      parse_reserved_symbols(kReserved));
  ASSERT_EQ(violations.size(), 3u);
  EXPECT_EQ(violations[0].file, "process.cpp");
  EXPECT_NE(violations[0].message.find("put your code in count_words()"), std::string::npos)
      << violations[0].message;
  EXPECT_EQ(violations[1].file, "thread.cpp");
  EXPECT_NE(violations[1].message.find("put your code in the functions task.hpp declares"),
            std::string::npos)
      << violations[1].message;
  EXPECT_EQ(violations[2].file, "helpers.cpp");
}

TEST(SymbolPolicyFiles, ReservedFileKeepsSharedLibrariesWholeAndFrameworkStrongOnly) {
  const ReservedSymbols reserved = parse_reserved_symbols(kReserved);
  EXPECT_EQ(reserved.names.at("write").library, "c");  // weak in libc: still its name
  EXPECT_TRUE(reserved.names.at("write").function);
  EXPECT_FALSE(reserved.names.at("environ").function);
  EXPECT_EQ(reserved.names.count("GLIBC_2.2.5"), 0u);  // a version node, not a symbol
  EXPECT_EQ(reserved.names.at("_ZN6ptlabs6now_nsEv").library, "framework");
  EXPECT_EQ(reserved.names.count("DW.ref.__gxx_personality_v0"), 0u);  // weak in the framework
  EXPECT_EQ(reserved.names.count("DeleteThreadLocalValue"), 0u);
}

TEST(SymbolPolicyFiles, WithoutTheReservedListOnlyTheRulesThatNeedNoneApply) {
  const auto violations = find_symbol_violations(
      "/w/process.cpp.o: main T 0 5\n/w/process.cpp.o: write T 0 5\n"
      "/w/process.cpp.o: _ZN6ptlabs6now_nsEv T 0 5\n",
      ReservedSymbols{});
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].symbol, "main()");
  EXPECT_EQ(violations[1].symbol, "ptlabs::now_ns()");
  EXPECT_NE(violations[1].message.find("in namespace ptlabs"), std::string::npos);
}

TEST(SymbolPolicyFiles, NmNoiseIsSkipped) {
  const auto symbols = parse_nm(
      "nm: /w/x.o: file format not recognized\n\n/w/a.cpp.o: f T 0 1\nlib.a[m.o]:\n"
      "g@@V_1 W 0 1\n");
  ASSERT_EQ(symbols.size(), 2u);
  EXPECT_EQ(symbols[0].file, "/w/a.cpp.o");
  EXPECT_EQ(symbols[0].name, "f");
  EXPECT_EQ(symbols[1].file, "");
  EXPECT_EQ(symbols[1].name, "g");
  EXPECT_EQ(symbols[1].type, 'W');
}

}  // namespace
}  // namespace ptlabs::grader
