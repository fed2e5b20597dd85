# ThreadSanitizer builds for the checks the catalogue marks `sanitizer = "thread"`.
#
# The grader compiles a submission's files a second time with PTLABS_TSAN_FLAGS
# and links them against the _tsan twins of the support libraries and of the
# lab's hidden suite. Code built without it (GoogleTest, libpython) is still
# linked: TSan then sees less, never more, so a report is always real.

set(PTLABS_TSAN_FLAGS -fsanitize=thread -O1 -g)

# Compiles and links `target` with ThreadSanitizer.
function(ptlabs_thread_sanitized target)
  target_compile_options(${target} PRIVATE ${PTLABS_TSAN_FLAGS})
  target_link_options(${target} PUBLIC -fsanitize=thread)
endfunction()
