// The one atomic file writer of the project (results, weights files, simulated data): the contents go to a
// temporary file in the target's folder, named ".<name>.tmp-<pid>-<n>" so that two runs (or two writes of
// one run) never share it, and are renamed over the target only when complete. A reader never sees a
// half-written file, and a failed or interrupted write leaves the old file as it was.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace hinterland::engine {

// Receives each piece of the contents in order (so a large file needs no single buffer).
using AppendPiece = std::function<void(std::string_view)>;

// Writes what `produce` appends. Throws OptionError naming `path` (and why) when its folder does not exist or
// it cannot be written or renamed into place; an exception from `produce` removes the temporary file and
// propagates.
void WriteFileAtomically(const std::string& path, const std::function<void(const AppendPiece&)>& produce);
void WriteFileAtomically(const std::string& path, std::string_view contents);

}  // namespace hinterland::engine
