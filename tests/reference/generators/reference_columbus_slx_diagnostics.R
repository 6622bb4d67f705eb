# reference_columbus_slx_diagnostics.R -- spatial diagnostics of the SLX regression on Columbus: Moran's I
# of the residuals (spdep::lm.morantest) and the LM tests (spdep::lm.LMtests, test = "all": LMerr, LMlag,
# RLMerr, RLMlag, SARMA) on lm(CRIME ~ INC + HOVAL + lag.INC + lag.HOVAL), lag.x = lag.listw(lw, x): the
# design of spatialreg's lmSLX (its coefficients are stored too, to show it is the same regression).
# Usage (from this folder):  Rscript reference_columbus_slx_diagnostics.R
#   -> writes ../data/columbus/slx_diagnostics.json
# Same data as reference_columbus.R: columbus_gal = spData::columbus with col.gal.nb, columbus_old =
# spdep's COL.OLD with COL.nb, both style "W".

script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
  if (is.na(f)) "." else dirname(normalizePath(f))
})
source(file.path(script_dir, "anchor_helpers.R"))

data(columbus, package = "spData")
data(oldcol, package = "spdep")

run_variant <- function(df, nb, label, description) {
  lw <- nb2listw(nb, style = "W")
  df$lag.INC <- lag.listw(lw, df$INC)
  df$lag.HOVAL <- lag.listw(lw, df$HOVAL)
  slx <- lm(CRIME ~ INC + HOVAL + lag.INC + lag.HOVAL, data = df)
  spatialreg_slx <- lmSLX(CRIME ~ INC + HOVAL, data = df, listw = lw)
  stopifnot(isTRUE(all.equal(unname(coef(slx)), unname(coef(spatialreg_slx)), tolerance = 1e-12)))
  mt <- lm.morantest(slx, lw)  # alternative = "greater"
  lmt <- lm.LMtests(slx, lw, test = "all")
  list(label = label, description = description,
       formula = "CRIME ~ INC + HOVAL + lag.INC + lag.HOVAL",
       coefficients = nv(coef(slx)),
       moran_residuals = list(
         I = unname(mt$estimate["Observed Moran I"]),
         expectation = unname(mt$estimate["Expectation"]),
         variance = unname(mt$estimate["Variance"]),
         z = as.numeric(mt$statistic), p_value = as.numeric(mt$p.value),
         alternative = mt$alternative, method = mt$method),
       lm_tests = lapply(lmt, function(h) list(statistic = unname(as.numeric(h$statistic)),
                                               df = unname(as.numeric(h$parameter)),
                                               p_value = unname(h$p.value))))
}

res <- list(meta = anchor_meta("reference_columbus_slx_diagnostics.R"))
res$meta$source <- "spdep::lm.morantest and spdep::lm.LMtests(test = 'all') on the SLX regression"
res$meta$command <- "Rscript tests/reference/generators/reference_columbus_slx_diagnostics.R"
res$columbus_gal <- run_variant(columbus, col.gal.nb, "columbus_gal", "spData::columbus + spData::col.gal.nb")
res$columbus_old <- run_variant(COL.OLD, COL.nb, "columbus_old", "spdep oldcol: COL.OLD + COL.nb")
out_file <- file.path(script_dir, "..", "data", "columbus", "slx_diagnostics.json")
write_anchor_json(res, out_file)
cat("wrote", normalizePath(out_file), "\n")
