"""Japanese labels and descriptions of every table, view and column.

Columns stay ASCII snake_case (clean URLs); what a researcher reads is here.
Datasette 0.65 shows a table's `title` and `description`, and each column's
description under the table's heading, so every description starts with the
column's Japanese label: `指標名 — …`.
"""

from __future__ import annotations

# Column → (Japanese label, what it holds). Shared by every table that has the
# column; TABLE_COLUMNS below overrides per table where the meaning differs.
COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("ID", "行の番号（このデータベース内のみ有効）"),
    "report_id": ("報告書", "報告書PDFのSHA-256（reports.id）"),
    "file": ("ファイル", "取り込んだPDFのファイル名"),
    "page": ("ページ", "記載されているPDFのページ（1始まり）。リンクでPDFの該当ページを開く"),
    "bbox_x0": ("範囲 左", "この記録を読んだ印刷範囲の左端（pt、ページ左上が原点）"),
    "bbox_top": ("範囲 上", "この記録を読んだ印刷範囲の上端（pt、ページ左上が原点）"),
    "bbox_x1": ("範囲 右", "この記録を読んだ印刷範囲の右端（pt）"),
    "bbox_bottom": ("範囲 下", "この記録を読んだ印刷範囲の下端（pt）"),
    "area": ("分野区分", "行政のDX／地域のDX"),
    "fiscal_year": ("年度", "西暦の年度（令和5年度 = 2023）"),
    "projects": ("事業数", "事業数（公表値）"),
    "kpi_projects": ("うちKPI設定事業数", "KPIを設定した事業数（公表値）"),
    "achieved": ("達成", "達成した事業数（公表値）。計画年度は空"),
    "achieved_pct": ("達成率", "達成率（%、公表値）"),
    "partially_achieved": ("一部達成", "一部達成の事業数（公表値）"),
    "partially_achieved_pct": ("一部達成率", "一部達成の割合（%、公表値）"),
    "code": ("項番", "分野の項番（I-1 … V、NFKC後のASCII）"),
    "field_code": ("項番", "分野の項番（I-1 … V）"),
    "section_code": ("見出し項番", "取組が掲載されている見出しの項番（II-1 など）"),
    "name": ("名称", "名称（公表どおり）"),
    "field_name": ("分野", "分野名（公表どおり）"),
    "title": ("項目", "取組の項目名（公表どおり）"),
    "seq": ("順番", "報告書内の掲載順（0始まり）"),
    "activities": ("取組内容", "実績年度の取組内容（計画）"),
    "outcomes": ("成果・効果", "実績年度の成果・効果"),
    "next_activities": ("次年度取組内容", "計画年度の取組内容"),
    "kpi_applicable": ("KPI設定", "1 = KPIを設定、0 = 「KPIの設定がなじまない取組項目」"),
    "initiative_id": ("取組", "指標が属する取組（initiatives.id）"),
    "initiative": ("取組", "指標が属する取組の項目名"),
    "target": ("目標値", "目標値（数値。単位は unit 列）"),
    "target_text": ("目標値（表記）", "目標値の公表どおりの表記"),
    "actual": ("実績値", "実績値（数値。単位は unit 列）"),
    "actual_text": ("実績値（表記）", "実績値の公表どおりの表記"),
    "unit": ("単位", "目標値・実績値の単位（%、件、PV …）"),
    "status": ("達成状況", "公表された達成状況（達成、一部達成、未達成 …）"),
    "next_fiscal_year": ("次年度", "次年度目標の年度"),
    "next_target": ("次年度目標値", "次年度の目標値（数値）"),
    "next_target_text": ("次年度目標値（表記）", "次年度目標値の公表どおりの表記"),
    "kpi_id": ("指標", "指標（kpis.id）"),
    "actual_to_target": ("実績/目標", "実績値 ÷ 目標値（どちらかが未公表、または目標値0なら空）"),
    "printed_pct": ("達成率（公表）", "報告書に印刷された達成率（%）"),
    "recomputed_pct": ("達成率（再計算）", "達成 ÷ うちKPI設定事業数、整数%に四捨五入"),
    "results_fiscal_year": ("実績年度", "実績を報告する年度"),
    "plan_fiscal_year": ("計画年度", "事業計画の年度"),
    "pages": ("ページ数", "PDFのページ数"),
    # findings (the consistency checks)
    "rule": ("検査規則", "sum, rate, summary_vs_total, partition, status, duplicate …"),
    "severity": ("重要度", "error / warning / info"),
    "initiative_title": ("取組", "取組の項目名"),
    "kpi_name": ("指標名", "指標名"),
    "printed": ("印刷値", "報告書に印刷された値"),
    "expected": ("期待値", "他の数値から導かれる値"),
    "message": ("説明", "何が食い違っているか"),
    # kpi_history (each KPI across editions)
    "kpi_key": ("指標キー", "版をまたいで同じ指標を結ぶキー（NFKC後の指標名＋項番）"),
    # reports and files: issues of an edition
    "issued": ("発行日時", "PDFが記録する作成・更新日時（ModDate、なければCreationDate）"),
    "reason": ("理由", "取り込まなかった理由（1行）"),
    "current_id": ("現行版", "同じ版の現行の発行分（files.id）"),
    "version": ("dxextract版", "読み取ったdxextractの版"),
    "read_at": ("読取日時", "読み取った日時（UTC）"),
}

TABLE_COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "reports": {
        "id": ("SHA-256", "PDFのバイト列のSHA-256"),
        "title": ("表題", "報告書の表題（公表どおり）"),
    },
    "fields": {"name": ("分野", "分野名（公表どおり）")},
    "files": {
        "id": ("SHA-256", "PDFのバイト列のSHA-256"),
        "status": (
            "状態",
            "current = 現行版（記録を保存）、superseded = 以前の発行分、refused = 取込拒否",
        ),
        "title": ("表題", "報告書の表題（公表どおり）"),
    },
    "kpis": {"name": ("指標名", "指標名（公表どおり）")},
    "kpi_results": {"name": ("指標名", "指標名（公表どおり）")},
    "kpi_history": {"name": ("指標名", "指標名（公表どおり）")},
}

# Table or view → (title, description).
TABLES: dict[str, tuple[str, str]] = {
    "reports": ("報告書", "取り込んだ報告書PDF（1版1行）"),
    "area_summaries": ("区分別の達成状況", "行政のDX・地域のDXごとの事業数と達成状況（冒頭の表）"),
    "fields": ("分野別の達成状況", "分野（項番）ごと・年度ごとの事業数と達成状況"),
    "field_totals": ("分野別の合計", "分野別の表に印刷された合計行（計算値ではない）"),
    "initiatives": (
        "取組",
        "主な取組の進捗状況：実績年度の取組内容・成果と次年度の取組内容。"
        "検索は全角・半角を区別しない（2文字以下は部分一致で探す）",
    ),
    "kpis": ("指標（KPI）", "取組ごとの指標：目標値・実績値・達成状況・次年度目標値"),
    "kpi_results": (
        "指標の結果",
        "1指標1行：取組・分野・区分・年度・目標値・実績値・単位・達成状況・ページ・実績/目標",
    ),
    "field_achievement": (
        "分野別達成率（公表と再計算）",
        "分野・年度ごとの事業数、うちKPI設定、達成、公表の達成率と再計算した達成率",
    ),
    "findings": (
        "検査結果",
        "合計・達成率・達成状況などの整合性検査で見つかった食い違い（公表値は変更しない）",
    ),
    "kpi_history": ("指標の推移", "同じ指標の版ごとの目標値・実績値（複数の版を取り込んだとき）"),
    "files": (
        "読み取ったファイル",
        "取り込んだPDF（SHA-256ごと）とその扱い：現行版・以前の発行分・取込拒否と理由",
    ),
}


def _label(table: str, column: str) -> tuple[str, str] | None:
    return TABLE_COLUMNS.get(table, {}).get(column) or COLUMNS.get(column)


def column_label(table: str, column: str) -> str | None:
    """The Japanese label of a column of `table` (`指標名`), or None."""
    label = _label(table, column)
    return label[0] if label else None


def column_description(table: str, column: str) -> str | None:
    """`ラベル — 説明` for a column of `table`, or None when it has no label."""
    label = _label(table, column)
    if label is None:
        return None
    return f"{label[0]} — {label[1]}"
