# reference_columbus_hc.R -- heteroskedasticity-consistent OLS covariances for Columbus from R's sandwich
# package (MacKinnon & White 1985: HC0-HC3), plus the Belsley scaled condition number and an
# intercept-free fit (uncentred R-squared as summary.lm computes it).
# Usage (from this folder):  Rscript reference_columbus_hc.R  -> writes ../data/columbus/columbus_hc.json
# Same data as reference_columbus.R: columbus_gal = spData::columbus, columbus_old = spdep's COL.OLD.

script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
  if (is.na(f)) "." else dirname(normalizePath(f))
})
source(file.path(script_dir, "anchor_helpers.R"))
suppressPackageStartupMessages(library(sandwich))

f <- CRIME ~ INC + HOVAL
data(columbus, package = "spData")
data(oldcol, package = "spdep")

hc_block <- function(fit, type) {
  V <- vcovHC(fit, type = type)
  se <- sqrt(diag(V))
  t <- coef(fit) / se
  list(vcov = mat2obj(V), std_errors = nv(se), t_values = nv(t),
       p_values = nv(2 * pt(abs(t), df = fit$df.residual, lower.tail = FALSE)))
}

# Belsley, Kuh & Welsch (1980): columns of X scaled to unit length (intercept included, not centred);
# condition number = largest / smallest singular value.
belsley_condition_number <- function(fit) {
  X <- model.matrix(fit)
  Xs <- sweep(X, 2, sqrt(colSums(X^2)), "/")
  s <- svd(Xs)$d
  max(s) / min(s)
}

run_variant <- function(df, label, description) {
  fit <- lm(f, data = df)
  out <- list(label = label, description = description, formula = "CRIME ~ INC + HOVAL",
              data = list(CRIME = df$CRIME, INC = df$INC, HOVAL = df$HOVAL),
              coefficients = nv(coef(fit)), n = nobs(fit), df_residual = fit$df.residual,
              leverages = as.numeric(hatvalues(fit)),
              condition_number = belsley_condition_number(fit))
  for (type in c("HC0", "HC1", "HC2", "HC3")) out[[type]] <- hc_block(fit, type)
  no_intercept <- lm(CRIME ~ 0 + INC + HOVAL, data = df)
  out$no_intercept <- lm_block(no_intercept)
  out$no_intercept$formula <- "CRIME ~ 0 + INC + HOVAL"
  out$no_intercept$note <- "summary.lm without an intercept: R-squared is uncentred (sum(fitted^2) / sum(y^2))"
  out
}

res <- list(meta = anchor_meta("reference_columbus_hc.R"))
res$meta$source <- "R sandwich::vcovHC (MacKinnon & White 1985) on lm(CRIME ~ INC + HOVAL)"
res$meta$peer <- "R sandwich"
res$meta$peer_version <- as.character(packageVersion("sandwich"))
res$meta$command <- "Rscript tests/reference/generators/reference_columbus_hc.R"
res$meta$p_values_note <- "t statistics use the HC standard errors; two-sided p-values from t with n - k df (as lmtest::coeftest)"
res$columbus_gal <- run_variant(columbus, "columbus_gal", "spData::columbus")
res$columbus_old <- run_variant(COL.OLD, "columbus_old", "spdep oldcol: COL.OLD")
out_file <- file.path(script_dir, "..", "data", "columbus", "columbus_hc.json")
write_anchor_json(res, out_file)
cat("wrote", normalizePath(out_file), "\n")
