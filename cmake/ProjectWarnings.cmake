# Warning sets. The project's own code is held to -Werror (unless PTLABS_WERROR
# is off); students' code gets the same warnings without failing the build.

function(ptlabs_project_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  if(PTLABS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

function(ptlabs_student_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
endfunction()
