# SPDX-License-Identifier: MIT
# Writes version.hpp with the project version and `git describe`, so every result names its build.
find_package(Git QUIET)
set(LYSISQ_GIT_DESCRIBE "unknown")
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --tags
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    OUTPUT_VARIABLE _describe OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _rc)
  if(_rc EQUAL 0 AND _describe)
    set(LYSISQ_GIT_DESCRIBE "${_describe}")
  endif()
endif()
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/include/lysisq/version.hpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/generated/lysisq/version.hpp @ONLY)
