# Lab targets, one helper call per lab of the catalogue.
#
# For a lab id such as 01-spawn (short name lab01) add_lab() defines:
#   lab01_student     public tests + the student's labs/01-spawn/{process,thread}.cpp,
#                     in CTest with the label "lab01" (ctest -L lab01)
#   lab01_reference   public tests + solutions/01-spawn, the label "reference"
#   lab01_hidden      static library of the hidden suite, linked by the grader
#                     against a submission's files
#   lab01_hidden_ref  the hidden suite against the solutions, the label "reference"
#   lab01_perf        (if the lab has a perf driver) static library of grader/hidden/01-spawn/perf_driver.cpp:
#                     a main() that runs one performance trial of a submission and prints
#                     one JSON line; the grader links it against the student's files
#   lab01_perf_ref    (if the lab has a perf driver) the perf driver against the solutions
#   lab01_hidden_tsan (if a check of the lab runs under ThreadSanitizer) the hidden suite
#                     built with ThreadSanitizer, and lab01_hidden_tsan_ref its run against
#                     the solutions, the label "reference"
# and records the lab in the toolchain manifest the grader reads.
#
# Only labs/<id>/ is required. A copy without solutions/<id>/ (the student kit, the
# Gradescope package) gets no *_reference, *_hidden_ref, *_perf_ref nor *_tsan_ref
# target; one without grader/hidden/<id>/hidden_test.cpp (the student kit) gets no
# hidden, perf nor TSan archive and no manifest entry, so the grader grades that
# lab on its public tests only (grader/src/grade.cpp).

# Reads the `id = "..."` lines of the [[lab]] tables of the catalogue into
# `out_var`, and into `tsan_var` the ids of the labs with a check marked
# `sanitizer = "thread"`.
function(ptlabs_read_catalogue catalogue out_var tsan_var)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${catalogue})
  file(STRINGS ${catalogue} lines REGEX "^[ \t]*(id|sanitizer)[ \t]*=")
  set(ids "")
  set(tsan_ids "")
  set(current "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^id[ \t]*=[ \t]*\"([0-9][0-9]-[a-z0-9-]+)\"")
      set(current ${CMAKE_MATCH_1})
      list(APPEND ids ${current})
    elseif(line MATCHES "sanitizer[ \t]*=[ \t]*\"thread\"" AND current)
      list(APPEND tsan_ids ${current})
    endif()
  endforeach()
  if(NOT ids)
    message(FATAL_ERROR "${catalogue} names no lab (expected lines like: id = \"01-spawn\")")
  endif()
  list(REMOVE_DUPLICATES tsan_ids)
  set(${out_var} ${ids} PARENT_SCOPE)
  set(${tsan_var} ${tsan_ids} PARENT_SCOPE)
endfunction()

# add_lab(<id> [SOLUTION_SOURCES extra.cpp...])
function(add_lab id)
  cmake_parse_arguments(LAB "" "" "SOLUTION_SOURCES" ${ARGN})
  string(SUBSTRING ${id} 0 2 number)
  set(short lab${number})
  set(lab_dir ${PROJECT_SOURCE_DIR}/labs/${id})
  set(solution_dir ${PROJECT_SOURCE_DIR}/solutions/${id})
  set(hidden_dir ${PROJECT_SOURCE_DIR}/grader/hidden/${id})
  foreach(required ${lab_dir}/task.hpp ${lab_dir}/tests/public_test.cpp)
    if(NOT EXISTS ${required})
      message(FATAL_ERROR "lab ${id} is in the catalogue but ${required} is missing")
    endif()
  endforeach()
  set(has_solution FALSE)
  if(EXISTS ${solution_dir}/process.cpp)
    set(has_solution TRUE)
  endif()
  set(has_hidden FALSE)
  if(EXISTS ${hidden_dir}/hidden_test.cpp)
    set(has_hidden TRUE)
  endif()

  # What every lab test binary links: the support libraries and the test main.
  set(libraries ptlabs_testing ptlabs_common ptlabs_test_main)

  add_executable(${short}_student ${lab_dir}/tests/public_test.cpp ${lab_dir}/process.cpp
                                  ${lab_dir}/thread.cpp)
  target_include_directories(${short}_student PRIVATE ${lab_dir} ${PROJECT_SOURCE_DIR}/grader/hidden)
  target_link_libraries(${short}_student PRIVATE ${libraries})
  ptlabs_student_warnings(${short}_student)
  gtest_discover_tests(${short}_student DISCOVERY_MODE PRE_TEST
                       TEST_PREFIX "${short}.student." PROPERTIES LABELS "${short}")

  set(solution_sources ${solution_dir}/process.cpp ${solution_dir}/thread.cpp)
  foreach(extra IN LISTS LAB_SOLUTION_SOURCES)
    list(APPEND solution_sources ${solution_dir}/${extra})
  endforeach()
  if(has_solution)
    add_executable(${short}_reference ${lab_dir}/tests/public_test.cpp ${solution_sources})
    target_include_directories(${short}_reference PRIVATE ${lab_dir} ${PROJECT_SOURCE_DIR}/grader/hidden)
    target_link_libraries(${short}_reference PRIVATE ${libraries})
    ptlabs_project_warnings(${short}_reference)
    gtest_discover_tests(${short}_reference DISCOVERY_MODE PRE_TEST
                         TEST_PREFIX "ref${number}.public." PROPERTIES LABELS "reference")
  endif()
  if(NOT has_hidden)
    return()  # public tests only: no archive for the grader, no manifest entry
  endif()
  if(EXISTS ${hidden_dir}/subject.cpp)
    ptlabs_add_harnessed_lab(${id} ${short} ${number} "${solution_sources}" ${has_solution})
    return()
  endif()

  add_library(${short}_hidden STATIC ${hidden_dir}/hidden_test.cpp)
  target_include_directories(${short}_hidden PRIVATE ${lab_dir} ${PROJECT_SOURCE_DIR}/grader/hidden)
  target_link_libraries(${short}_hidden PRIVATE ptlabs_testing ptlabs_common GTest::gtest)
  ptlabs_project_warnings(${short}_hidden)

  if(has_solution)
    add_executable(${short}_hidden_ref ${solution_sources})
    target_include_directories(${short}_hidden_ref PRIVATE ${lab_dir})
    target_link_libraries(${short}_hidden_ref PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${short}_hidden>"
                                                      ${libraries})
    ptlabs_project_warnings(${short}_hidden_ref)
    gtest_discover_tests(${short}_hidden_ref DISCOVERY_MODE PRE_TEST
                         TEST_PREFIX "ref${number}.hidden." PROPERTIES LABELS "reference")
  endif()

  ptlabs_add_perf_driver(${id} ${short} "${solution_sources}" ${has_solution} perf_json)

  set(tsan_json "")
  if(id IN_LIST PTLABS_TSAN_LAB_IDS)
    add_library(${short}_hidden_tsan STATIC ${hidden_dir}/hidden_test.cpp)
    target_include_directories(${short}_hidden_tsan PRIVATE ${lab_dir} ${PROJECT_SOURCE_DIR}/grader/hidden)
    target_link_libraries(${short}_hidden_tsan PRIVATE ptlabs_testing_tsan ptlabs_common_tsan GTest::gtest)
    ptlabs_project_warnings(${short}_hidden_tsan)
    ptlabs_thread_sanitized(${short}_hidden_tsan)
    if(has_solution)
      add_executable(${short}_hidden_tsan_ref ${solution_sources})
      target_include_directories(${short}_hidden_tsan_ref PRIVATE ${lab_dir})
      target_link_libraries(${short}_hidden_tsan_ref PRIVATE
        "$<LINK_LIBRARY:WHOLE_ARCHIVE,${short}_hidden_tsan>" ptlabs_testing_tsan ptlabs_common_tsan
        ptlabs_test_main_tsan)
      ptlabs_project_warnings(${short}_hidden_tsan_ref)
      ptlabs_thread_sanitized(${short}_hidden_tsan_ref)
      gtest_discover_tests(${short}_hidden_tsan_ref DISCOVERY_MODE PRE_TEST
                           TEST_PREFIX "ref${number}.tsan." PROPERTIES LABELS "reference"
                           ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1")
    endif()
    set_property(GLOBAL APPEND PROPERTY PTLABS_LAB_TARGETS ${short}_hidden_tsan)
    set(tsan_json ", \"tsan_archive\": \"$<TARGET_FILE:${short}_hidden_tsan>\"")
  endif()

  # The grader's manifest entry for this lab (see grader/CMakeLists.txt).
  set_property(GLOBAL APPEND PROPERTY PTLABS_LAB_TARGETS ${short}_hidden)
  set_property(GLOBAL APPEND PROPERTY PTLABS_MANIFEST_LABS
    "\"${id}\": {\"hidden_archive\": \"$<TARGET_FILE:${short}_hidden>\"${perf_json}${tsan_json}}")
endfunction()

# A lab whose hidden suite is a harness of its own (docs/security.md): the student's
# code runs in a subject (the lab's grader/hidden/<id>/subject.cpp and the stub's
# main), which the harness (grader/hidden/<id>/hidden_test.cpp) drives from outside.
#   labNN_subject      static library of the lab's calls; the grader links it and the
#                      stub with the student's objects into the subject
#   labNN_harness      the hidden suite; the grader runs it outside the sandbox as
#                      `labNN_harness --gtest_filter=... -- SUBJECT`
#   labNN_subject_ref  the subject of the reference solution; ctest runs the harness
#                      against it under the label "reference"
function(ptlabs_add_harnessed_lab id short number solution_sources has_solution)
  set(lab_dir ${PROJECT_SOURCE_DIR}/labs/${id})
  set(hidden_dir ${PROJECT_SOURCE_DIR}/grader/hidden/${id})
  add_library(${short}_subject STATIC ${hidden_dir}/subject.cpp)
  target_include_directories(${short}_subject PRIVATE ${lab_dir} ${PROJECT_SOURCE_DIR}/grader/hidden)
  target_link_libraries(${short}_subject PRIVATE ptlabs_common nlohmann_json::nlohmann_json)
  ptlabs_project_warnings(${short}_subject)

  add_executable(${short}_harness ${hidden_dir}/hidden_test.cpp)
  target_include_directories(${short}_harness PRIVATE ${PROJECT_SOURCE_DIR}/grader/hidden)
  # ptlabs_testing: harness-side helpers such as the HTTP test server (lab 04).
  target_link_libraries(${short}_harness PRIVATE ptlabs_harness_main ptlabs_harness ptlabs_testing
                                                  GTest::gtest)
  target_compile_features(${short}_harness PRIVATE cxx_std_20)
  ptlabs_project_warnings(${short}_harness)
  set_property(GLOBAL APPEND PROPERTY PTLABS_LAB_TARGETS ${short}_subject ${short}_harness)

  if(has_solution)
    add_executable(${short}_subject_ref ${solution_sources})
    target_include_directories(${short}_subject_ref PRIVATE ${lab_dir})
    target_link_libraries(${short}_subject_ref PRIVATE
      "$<LINK_LIBRARY:WHOLE_ARCHIVE,${short}_subject>"
      "$<LINK_LIBRARY:WHOLE_ARCHIVE,ptlabs_subject_main>" ptlabs_common)
    set_target_properties(${short}_subject_ref PROPERTIES
      RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/subjects)
    ptlabs_project_warnings(${short}_subject_ref)
    add_dependencies(${short}_harness ${short}_subject_ref)
    gtest_discover_tests(${short}_harness DISCOVERY_MODE PRE_TEST
                         TEST_PREFIX "ref${number}.hidden." PROPERTIES LABELS "reference"
                         EXTRA_ARGS -- ${PROJECT_BINARY_DIR}/subjects/${short}_subject_ref)
  endif()

  # The perf driver stays as in any lab: the grader links it with the student's files.
  ptlabs_add_perf_driver(${id} ${short} "${solution_sources}" ${has_solution} perf_json)
  set_property(GLOBAL APPEND PROPERTY PTLABS_MANIFEST_LABS
    "\"${id}\": {\"hidden_archive\": \"$<TARGET_FILE:${short}_subject>\", \"harness\": \"$<TARGET_FILE:${short}_harness>\"${perf_json}}")
endfunction()

# The lab's perf driver, if it has one (grader/hidden/<id>/perf_driver.cpp): the
# archive labNN_perf and, with a solution, labNN_perf_ref. Sets `out_var` to the
# manifest's perf fields ("" without a driver).
function(ptlabs_add_perf_driver id short solution_sources has_solution out_var)
  set(lab_dir ${PROJECT_SOURCE_DIR}/labs/${id})
  set(hidden_dir ${PROJECT_SOURCE_DIR}/grader/hidden/${id})
  set(perf_json "")
  if(EXISTS ${hidden_dir}/perf_driver.cpp)
    add_library(${short}_perf STATIC ${hidden_dir}/perf_driver.cpp)
    target_include_directories(${short}_perf PRIVATE ${lab_dir} ${PROJECT_SOURCE_DIR}/grader/hidden)
    target_link_libraries(${short}_perf PRIVATE ptlabs_testing ptlabs_common nlohmann_json::nlohmann_json)
    ptlabs_project_warnings(${short}_perf)
    set_property(GLOBAL APPEND PROPERTY PTLABS_LAB_TARGETS ${short}_perf)
    set(perf_json ", \"perf_archive\": \"$<TARGET_FILE:${short}_perf>\"")
    if(has_solution)
      add_executable(${short}_perf_ref ${solution_sources})
      target_include_directories(${short}_perf_ref PRIVATE ${lab_dir})
      target_link_libraries(${short}_perf_ref PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${short}_perf>"
                                                     ptlabs_testing ptlabs_common)
      ptlabs_project_warnings(${short}_perf_ref)
      set_property(GLOBAL APPEND PROPERTY PTLABS_LAB_TARGETS ${short}_perf_ref)
      string(APPEND perf_json ", \"perf_reference\": \"$<TARGET_FILE:${short}_perf_ref>\"")
    endif()
  endif()

  set(${out_var} "${perf_json}" PARENT_SCOPE)
endfunction()
