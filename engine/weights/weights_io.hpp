// Readers and writers of spatial weights files: GeoDa GAL (neighbour lists) and GWT (weighted links),
// CSV/TSV edge lists and Matrix Market coordinate files. Unit ids are strings, kept as written.
// Every error is a WeightsError naming the file and the line (line 1 = the first line of the file).
// Formats as GeoDa writes them and spdep's read.gal / read.gwt2nb / write.nb.gal read them.
#pragma once

#include <string>
#include <vector>

#include "engine/weights/spatial_weights.hpp"

namespace hinterland::engine {

struct WeightsReadOptions {
  bool symmetrize = false;  // add j -> i for every i -> j that lacks it
  std::string id_field;     // polygon files: the attribute holding the unit ids
  double tolerance = 0.0;   // polygon files: vertices closer than this (in x and y) are the same point
};

// GAL: header "0 n name idvar" (or just "n"), then per unit a line "id count" followed by a line with
// `count` neighbour ids (an empty line, or none, when count is 0). Binary weights (kBinary); W may be
// asymmetric (kNN GAL files are).
SpatialWeights ReadGal(const std::string& path);

// GWT: the same header, then one line "from to weight" per link. Weights as given (kGeneral). Every unit
// must appear in at least one link: the header's n is checked against the ids found.
SpatialWeights ReadGwt(const std::string& path);

// Edge list: a header line naming 2 or 3 columns (from, to[, weight]), comma-, tab- or semicolon-separated
// (or by spaces), then one link per line. Units listed only as neighbours are still units; a line with
// an empty `to` declares a unit without neighbours. Binary (kBinary) without a weight column, else kGeneral.
// An asymmetric list is kept as it is unless `symmetrize`; a link listed twice is an error.
SpatialWeights ReadEdgeList(const std::string& path, bool symmetrize);

// Matrix Market "coordinate" files (real, integer or pattern; general or symmetric). Row k is the unit
// ids[k-1]; ids are "1".."n" when `ids` is empty. pattern gives kBinary, numbers give kGeneral.
SpatialWeights ReadMatrixMarket(const std::string& path, const std::vector<std::string>& ids = {});

// Chooses the reader by extension (case-insensitive): .gal, .gwt, .mtx, edge lists .csv/.tsv/.txt, and
// polygon files .geojson/.json/.shp (queen contiguity; options.id_field is required). With
// options.symmetrize every format is made symmetric.
SpatialWeights ReadWeights(const std::string& path, const WeightsReadOptions& options);

// Writers replace `path` atomically (a temporary file renamed over it). GAL stores the neighbour
// structure only (weights are not part of the format); GWT and Matrix Market store the weights
// with the shortest decimal text that reads back to the same double.
void WriteGal(const SpatialWeights& w, const std::string& path);
void WriteGwt(const SpatialWeights& w, const std::string& path);
void WriteMatrixMarket(const SpatialWeights& w, const std::string& path);
// "from,to,weight", one line per link, rows in W's order; a unit without neighbours is "id,," (what
// ReadEdgeList reads back).
void WriteEdgeList(const SpatialWeights& w, const std::string& path);

}  // namespace hinterland::engine
