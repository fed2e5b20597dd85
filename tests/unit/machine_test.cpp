#include "machine.hpp"

#include <gtest/gtest.h>

namespace ptlabs::grader {
namespace {

TEST(Machine, CgroupV2CpuMax) {
  EXPECT_EQ(parse_cpu_max("max 100000\n"), std::nullopt);
  EXPECT_DOUBLE_EQ(parse_cpu_max("50000 100000\n").value(), 0.5);
  EXPECT_DOUBLE_EQ(parse_cpu_max("200000 100000").value(), 2.0);
  EXPECT_EQ(parse_cpu_max(""), std::nullopt);
  EXPECT_EQ(parse_cpu_max("garbage"), std::nullopt);
}

TEST(Machine, CgroupV1CfsQuota) {
  EXPECT_EQ(parse_cfs_quota("-1\n", "100000\n"), std::nullopt);
  EXPECT_DOUBLE_EQ(parse_cfs_quota("150000\n", "100000\n").value(), 1.5);
  EXPECT_EQ(parse_cfs_quota("", ""), std::nullopt);
}

TEST(Machine, CgroupPathForV1ControllerAndV2) {
  const std::string v1 =
      "12:pids:/user.slice\n4:cpu,cpuacct:/grading/job7\n0::/user.slice/session-1.scope\n";
  EXPECT_EQ(cgroup_path(v1, "cpu").value(), "/grading/job7");
  EXPECT_EQ(cgroup_path(v1, "cpuacct").value(), "/grading/job7");
  EXPECT_EQ(cgroup_path(v1, "").value(), "/user.slice/session-1.scope");
  EXPECT_EQ(cgroup_path("0::/\n", "cpu"), std::nullopt);
  EXPECT_EQ(cgroup_path("0::/\n", "").value(), "/");
}

TEST(Machine, UsableCoresTakesTheTighterOfAffinityAndQuota) {
  struct Case {
    int affinity;
    std::optional<double> quota;
    int expected;
  } cases[] = {{2, std::nullopt, 2}, {16, 4.0, 4},         {2, 0.5, 1},         {8, 2.5, 2},
               {1, 8.0, 1},          {0, std::nullopt, 1}, {4, 3.9999999999, 4}};
  for (const auto& c : cases) {
    EXPECT_EQ(usable_cores(c.affinity, c.quota), c.expected)
        << c.affinity << " cpus, quota " << c.quota.value_or(-1);
  }
}

TEST(Machine, LiveMachineIsSane) {
  MachineInfo info = read_machine_info();
  EXPECT_GE(info.usable_cores, 1);
  EXPECT_LE(info.usable_cores, info.online_cores);
  EXPECT_FALSE(info.kernel.empty());
}

}  // namespace
}  // namespace ptlabs::grader
