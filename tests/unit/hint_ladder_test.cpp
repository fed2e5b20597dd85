#include "hint_ladder.hpp"

#include <gtest/gtest.h>

namespace ptlabs::grader {
namespace {

Lab three_hints() {
  Lab lab;
  lab.id = "01-spawn";
  lab.number = 1;
  lab.hints = {"two loops", "use _exit", "a pipe each"};
  return lab;
}

TEST(HintLadder, RevealsOneAtATimeThenStops) {
  const Lab lab = three_hints();
  LabProgress progress;
  for (int expected = 1; expected <= 3; ++expected) {
    EXPECT_TRUE(reveal_next_hint(lab, &progress)) << expected;
    EXPECT_EQ(progress.hints_revealed, expected);
  }
  EXPECT_FALSE(reveal_next_hint(lab, &progress));
  EXPECT_EQ(progress.hints_revealed, 3);
}

TEST(HintLadder, ARecordAheadOfTheCatalogueIsClamped) {
  const Lab lab = three_hints();
  LabProgress progress;
  progress.hints_revealed = 9;  // the catalogue lost hints since
  EXPECT_EQ(revealed_hints(lab, progress), 3);
  EXPECT_FALSE(reveal_next_hint(lab, &progress));
  EXPECT_EQ(progress.hints_revealed, 3);
}

TEST(HintLadder, RendersEveryRevealedHintAndWhatToDoNext) {
  const Lab lab = three_hints();
  const Style plain(false);
  struct Case {
    int revealed;
    std::vector<std::string> says;
    std::vector<std::string> not_says;
  } cases[] = {
      {1, {"Hint 1 of 3: two loops", "grader hint 01"}, {"Hint 2", "No more hints"}},
      {2,
       {"Hint 1 of 3: two loops\nHint 2 of 3: use _exit\n", "Another hint: grader hint 01"},
       {"Hint 3", "No more"}},
      {3,
       {"Hint 3 of 3: a pipe each", "No more hints", "labs/01-spawn/README.md"},
       {"Another hint"}},
  };
  for (const auto& c : cases) {
    const std::string text = render_revealed(lab, c.revealed, plain);
    for (const auto& s : c.says) EXPECT_NE(text.find(s), std::string::npos) << c.revealed << text;
    for (const auto& s : c.not_says) {
      EXPECT_EQ(text.find(s), std::string::npos) << c.revealed << text;
    }
  }
}

TEST(HintLadder, TheCommandUsesTheLabNumber) {
  Lab lab = three_hints();
  EXPECT_EQ(hint_command(lab), "grader hint 01");
  lab.id = "09-pipeline";
  EXPECT_EQ(lab_key(lab), "09");
}

}  // namespace
}  // namespace ptlabs::grader
