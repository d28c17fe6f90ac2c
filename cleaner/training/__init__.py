"""Fitting the cleaner's weights and thresholds on data, and measuring them on sites not fitted on.

Nothing here runs when cleaning: it needs `../shared` (devdata and corpus) and, for fitting,
the `train` extra (`pip install -e '.[train]'`). What it fits is written to `cleaner/fitted.toml`,
which the cleaner reads with the standard library alone.

- `data`: the suites of `../shared/devdata` and `../shared/corpus` as pages with gold and site;
  folds grouped by site, so no site is on both sides of a fold.
- `metric`: the shingle metric of `../shared/devdata/README.md`.
- `fitted_file`: writes one model's section of `cleaner/fitted.toml`, keeping the others.
"""
