# hinterland_enable_warnings(target): strict warnings on Hinterland's own code only.
# Third-party headers are included as SYSTEM so their warnings never fail the build.
function(hinterland_enable_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Werror)
endfunction()
