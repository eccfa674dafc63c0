"""Stage 2: Documents → Findings.

The consistency rules over published numbers (`rules`), the KPI direction
table they read (`directions`, `kpi_directions.toml`), the keys that pair a
report with its other editions (`editions`) and the issues of one edition
(`reissue`), and what `dxextract check` prints (`formats`).
"""
