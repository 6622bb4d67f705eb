# reference_model_matrix.R -- R's model.matrix for formulas on datasets/columbus/columbus.csv: column names,
# values, term labels and deparsed formulas, so engine/formula can be checked against R's term algebra
# (terms.formula), factor coding (contr.treatment and R's full-dummy rule) and deparse-based names.
# Usage (from the repository root or this folder):  Rscript reference_model_matrix.R
#   -> writes ../data/columbus/model_matrix.json
# Only base R (stats) and jsonlite are used; the data are read from the bundled CSV, not from spData.

script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
  if (is.na(f)) "." else dirname(normalizePath(f))
})
suppressPackageStartupMessages(library(jsonlite))

csv_path <- normalizePath(file.path(script_dir, "..", "..", "..", "datasets", "columbus", "columbus.csv"))
columbus <- read.csv(csv_path)

formulas <- c(
  "CRIME ~ INC + log(HOVAL) + I(INC^2) + INC:HOVAL + factor(NSA)",
  "log(CRIME) ~ factor(NSA) * INC + sqrt(OPEN) + exp(DISCBD/10) + abs(X - 40) + I(PLUMB/2 - 1)",
  "CRIME ~ (INC + HOVAL + factor(EW))^2",
  "CRIME ~ factor(NSA) + factor(EW) - 1",
  "CRIME ~ HOVAL + INC:factor(CP) + 0",
  "CRIME ~ factor(NSA):factor(EW) + INC",
  "CRIME ~ INC*HOVAL - HOVAL + log1p(OPEN) + I(-INC^2) + I(1e5 * INC) + log10(HOVAL) + log2(HOVAL)",
  "I(CRIME/100) ~ HOVAL/factor(EW) + I((INC - 10)^3) + I(INC^-1)"
)

one_case <- function(text) {
  f <- as.formula(text)
  mf <- model.frame(f, data = columbus)
  X <- model.matrix(f, data = mf)
  list(formula = text,
       deparsed = paste(deparse(f, width.cutoff = 500L), collapse = ""),
       term_labels = attr(terms(f), "term.labels"),
       intercept = attr(terms(f), "intercept") == 1,
       column_names = colnames(X),
       columns = lapply(seq_len(ncol(X)), function(j) unname(X[, j])),
       response = unname(model.response(mf)),
       ids = as.character(columbus$POLYID))
}

out <- list(
  meta = list(
    script = "reference_model_matrix.R",
    command = "Rscript tests/reference/generators/reference_model_matrix.R",
    generated_utc = format(Sys.time(), tz = "UTC", usetz = TRUE),
    source = "datasets/columbus/columbus.csv (Anselin 1988 Columbus neighbourhoods, 49 rows)",
    peer = "R stats::model.matrix / terms.formula",
    peer_version = R.version.string,
    packages = list(jsonlite = as.character(packageVersion("jsonlite"))),
    platform = R.version$platform,
    id_column = "POLYID",
    note = "columns[j] is column j of model.matrix (rows in CSV order); response is model.response"),
  cases = lapply(formulas, one_case))

out_path <- file.path(script_dir, "..", "data", "columbus", "model_matrix.json")
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, null = "null"), out_path)
cat("wrote", normalizePath(out_path), "\n")
