# reference_columbus_impacts_by_order.R -- impacts of SAR, SDM and SAC on Columbus by order of neighbours:
# the terms rho^k W^k (I beta + W theta) of the spatial multiplier (LeSage & Pace 2009, sec. 2.7.2) as
# spatialreg's impacts(fit, tr = trW(W, type = "mult"), Q = Q) returns them ("impact components"), with the
# simulated means and SDs of each component from impacts(..., R = 1000, Q = Q) after set.seed(20240601).
# Usage (from this folder):  Rscript reference_columbus_impacts_by_order.R
#   -> writes ../data/columbus/impacts_by_order.json
# Same data and fits as reference_columbus.R (lagsarlm / sacsarlm, method "eigen"): columbus_gal =
# spData::columbus with col.gal.nb, columbus_old = spdep's COL.OLD with COL.nb, both style "W".
# spatialreg numbers the components Q1..QQ; Q1 is order 0 (the own-unit term), Qj is order j - 1.

script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
  if (is.na(f)) "." else dirname(normalizePath(f))
})
source(file.path(script_dir, "anchor_helpers.R"))

SEED <- 20240601L
RSIM <- 1000L
Q <- 10L
f <- CRIME ~ INC + HOVAL

data(columbus, package = "spData")
data(oldcol, package = "spdep")

# Per impact kind: {order: [0..Q-1], <regressor>: [component at each order]}.
components_block <- function(imp) {
  qres <- attr(if (!is.null(imp$res)) imp$res else imp, "Qres")
  bn <- attr(imp, "bnames")
  kind <- function(m) {
    m <- matrix(m, ncol = length(bn))
    c(list(order = seq_len(nrow(m)) - 1L),
      setNames(lapply(seq_along(bn), function(j) as.numeric(m[, j])), bn))
  }
  list(direct = kind(qres$direct), indirect = kind(qres$indirect), total = kind(qres$total))
}

# Simulated mean and SD of each component (summary(...)$Q<kind>_sum rows "<regressor>__Q<j>").
simulated_components_block <- function(imp) {
  s <- summary(imp, zstats = TRUE, short = TRUE, reportQ = TRUE)
  bn <- attr(imp, "bnames")
  kind <- function(sm) {
    st <- sm$statistics
    one <- function(column) {
      setNames(lapply(bn, function(b) as.numeric(st[paste0(b, "__Q", seq_len(Q)), column])), bn)
    }
    list(order = seq_len(Q) - 1L, mean = one("Mean"), sd = one("SD"))
  }
  list(R = RSIM, seed = SEED, rng_kind = paste(RNGkind(), collapse = "/"),
       direct = kind(s$Qdirect_sum), indirect = kind(s$Qindirect_sum), total = kind(s$Qtotal_sum),
       note = "STOCHASTIC: SDs of the components over R draws from MVN(coef, vcov); comparable only within Monte Carlo error")
}

# The fit the components belong to, laid out as reference_columbus.R's sarlm_block: the betas (lags as
# "lag.x"), rho, lambda (sac) and spatialreg's asymptotic vcov (rows "sigma", "rho", ..., the betas).
fit_block <- function(fit) {
  out <- list(coefficients = nv(fit$coefficients), rho = unname(fit$rho))
  if (!is.null(fit$lambda)) out$lambda <- unname(fit$lambda)
  out$vcov_asymptotic <- mat2obj(fit$resvar)
  out
}

model_block <- function(fit, trs) {
  imp <- impacts(fit, tr = trs, Q = Q)
  set.seed(SEED)
  simulated <- impacts(fit, tr = trs, R = RSIM, Q = Q)
  list(fit = fit_block(fit), point = impacts_point(imp), by_order = components_block(imp),
       simulated = simulated_components_block(simulated))
}

run_variant <- function(df, nb, label, description) {
  lw <- nb2listw(nb, style = "W")
  trs <- trW(as(lw, "CsparseMatrix"), type = "mult")  # exact tr(W^k), k = 1..30
  list(label = label, description = description, formula = "CRIME ~ INC + HOVAL",
       sar = model_block(lagsarlm(f, data = df, listw = lw, method = "eigen"), trs),
       sdm = model_block(lagsarlm(f, data = df, listw = lw, method = "eigen", type = "mixed"), trs),
       sac = model_block(sacsarlm(f, data = df, listw = lw, method = "eigen"), trs))
}

res <- list(meta = anchor_meta("reference_columbus_impacts_by_order.R"))
res$meta$source <- "R spatialreg::impacts(fit, tr = trW(W, type = 'mult'), Q = 10) impact components"
res$meta$command <- "Rscript tests/reference/generators/reference_columbus_impacts_by_order.R"
res$meta$Q <- Q
res$meta$order_note <- "order k is spatialreg's component Q(k+1): direct = rho^k (beta tr(W^k) + theta tr(W^(k+1))) / n, total = rho^k (beta + theta) for row-standardised W, indirect = total - direct"
res$meta$seed_impacts <- SEED
res$meta$R_impacts <- RSIM
res$columbus_gal <- run_variant(columbus, col.gal.nb, "columbus_gal", "spData::columbus + spData::col.gal.nb")
res$columbus_old <- run_variant(COL.OLD, COL.nb, "columbus_old", "spdep oldcol: COL.OLD + COL.nb")
out_file <- file.path(script_dir, "..", "data", "columbus", "impacts_by_order.json")
write_anchor_json(res, out_file)
cat("wrote", normalizePath(out_file), "\n")
