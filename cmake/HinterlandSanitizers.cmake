# HINTERLAND_SANITIZERS="address;undefined" instruments every target; any UB report aborts the test.
if(HINTERLAND_SANITIZERS)
  list(JOIN HINTERLAND_SANITIZERS "," _hinterland_sanitizer_list)
  add_compile_options(-fsanitize=${_hinterland_sanitizer_list} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_hinterland_sanitizer_list})
  message(STATUS "Hinterland: sanitizers = ${_hinterland_sanitizer_list}")
endif()
