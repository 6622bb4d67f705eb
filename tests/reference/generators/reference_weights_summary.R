# reference_weights_summary.R -- spdep's neighbour-list summary and weights constants for Columbus.
# Usage (from this folder):  Rscript reference_weights_summary.R
#   -> writes ../data/columbus/weights_summary.json
#
# Two neighbour lists, each read from the GAL file bundled in datasets/columbus and checked to be
# identical (as neighbour lists) to the one spdep/spData ship:
#   columbus_queen     : datasets/columbus/columbus_queen.gal (POLYID keys) == spData::col.gal.nb
#   columbus_anselin1988: datasets/columbus/columbus_anselin1988.gal (ID keys) == spdep's COL.nb
# For each: summary.nb quantities (card, links, percentage, average, link-number table, least/most
# connected regions, islands, n.comp.nb components, is.symmetric.nb), the printed text of
# summary(nb) and summary(nb2listw(nb, style = "W")), and spweights.constants for styles B, W, C, S.

suppressPackageStartupMessages({
  library(spdep)
  library(jsonlite)
})

script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
  if (is.na(f)) "." else dirname(normalizePath(f))
})
repo <- normalizePath(file.path(script_dir, "..", "..", ".."))
out_path <- file.path(repo, "tests", "reference", "data", "columbus", "weights_summary.json")

data(columbus, package = "spData")  # col.gal.nb
data(oldcol, package = "spdep")     # COL.nb

same_lists <- function(a, b) {
  length(a) == length(b) && all(mapply(function(x, y) identical(as.integer(x), as.integer(y)), a, b))
}

summary_block <- function(nb, label, description, gal_file) {
  card_nb <- card(nb)
  ids <- attr(nb, "region.id")
  positive <- card_nb[card_nb > 0]
  least <- min(positive)
  most <- max(card_nb)
  link_table <- table(card_nb)
  components <- n.comp.nb(nb)
  styles <- list()
  for (style in c("B", "W", "C", "S")) {
    constants <- spweights.constants(nb2listw(nb, style = style))
    styles[[style]] <- list(n = constants$n, nn = constants$nn, S0 = constants$S0,
                            S1 = constants$S1, S2 = constants$S2)
  }
  printed_nb <- capture.output(invisible(summary(nb)))
  printed_listw <- capture.output(invisible(summary(nb2listw(nb, style = "W"))))
  list(label = label, description = description, gal_file = gal_file,
       n = length(nb), links = sum(card_nb),
       percent_nonzero = 100 * sum(card_nb) / length(nb)^2,
       mean_neighbours = mean(card_nb),
       min_neighbours = min(card_nb), max_neighbours = most,
       histogram = setNames(as.list(as.integer(link_table)), names(link_table)),
       least_connected_links = least,
       least_connected_ids = I(as.character(ids[card_nb == least])),
       most_connected_links = most,
       most_connected_ids = I(as.character(ids[card_nb == most])),
       islands = I(as.character(ids[card_nb == 0])),
       component_count = components$nc,
       component_sizes = I(sort(as.integer(table(components$comp.id)), decreasing = TRUE)),
       symmetric_neighbours = is.symmetric.nb(nb, verbose = FALSE, force = TRUE),
       constants = styles,
       printed_summary_nb = I(printed_nb[printed_nb != "NULL"]),
       printed_summary_listw_W = I(printed_listw[printed_listw != "NULL"]))
}

queen <- read.gal(file.path(repo, "datasets", "columbus", "columbus_queen.gal"), override.id = TRUE)
stopifnot(same_lists(queen, col.gal.nb))
anselin <- read.gal(file.path(repo, "datasets", "columbus", "columbus_anselin1988.gal"), override.id = TRUE)
stopifnot(same_lists(anselin, COL.nb))

result <- list(
  meta = list(
    source = "spdep summary.nb / print.nb / summary.listw / spweights.constants / n.comp.nb",
    peer = "R spdep",
    peer_version = as.character(packageVersion("spdep")),
    script = "tests/reference/generators/reference_weights_summary.R",
    generated_utc = format(Sys.time(), tz = "UTC", usetz = TRUE),
    R_version = R.version.string,
    packages = list(spdep = as.character(packageVersion("spdep")),
                    spData = as.character(packageVersion("spData")),
                    jsonlite = as.character(packageVersion("jsonlite")))),
  columbus_queen = summary_block(queen, "columbus_queen",
                                 "datasets/columbus/columbus_queen.gal, identical to spData::col.gal.nb",
                                 "columbus/columbus_queen.gal"),
  columbus_anselin1988 = summary_block(anselin, "columbus_anselin1988",
                                       "datasets/columbus/columbus_anselin1988.gal, identical to spdep COL.nb",
                                       "columbus/columbus_anselin1988.gal"))

writeLines(toJSON(result, digits = NA, auto_unbox = TRUE, pretty = TRUE, null = "null"), out_path)
cat("wrote", out_path, "\n")
