# Lists the names the libraries of a test program define, for the grader's
# symbol policy (grader/src/symbol_policy.hpp), which refuses a student's
# definition of one of them.
#
#   cmake -DNM=<nm> -DOUTPUT=<file> -P ReservedSymbols.cmake -- KEY=PATH...
#
# For each KEY=PATH: a line `@KEY PATH`, then `nm -P --defined-only` of PATH
# (-D for a shared library, -g for a static one). The grader parses the listing.
if(NOT NM OR NOT OUTPUT)
  message(FATAL_ERROR "usage: cmake -DNM=<nm> -DOUTPUT=<file> -P ReservedSymbols.cmake -- KEY=PATH...")
endif()

set(listing "# The names the libraries of a test program define (cmake/ReservedSymbols.cmake).\n")
set(after_dashes FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last})
  set(arg "${CMAKE_ARGV${i}}")
  if(arg STREQUAL "--")
    set(after_dashes TRUE)
    continue()
  endif()
  if(NOT after_dashes OR NOT arg MATCHES "^([^=]+)=(.+)$")
    continue()
  endif()
  set(key "${CMAKE_MATCH_1}")
  set(path "${CMAKE_MATCH_2}")
  if(path MATCHES "\\.so(\\.[0-9]+)*$")
    set(scope -D)
  else()
    set(scope -g)
  endif()
  execute_process(COMMAND "${NM}" -P --defined-only ${scope} "${path}"
                  OUTPUT_VARIABLE symbols ERROR_VARIABLE errors RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${NM} could not list ${path}: ${errors}")
  endif()
  string(APPEND listing "@${key} ${path}\n${symbols}")
endforeach()
file(WRITE "${OUTPUT}.tmp" "${listing}")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
