"""The FY2023 (令和5年度) Fukushima DX report, as data.

Reconstructed from its published text (shared/000_4d565530f8a1ddcb.txt) because the
original PDF is not available. `tools/make_fixture_pdfs.py` renders it; tests derive
broken or newer editions from `REPORT` with `dataclasses.replace`.

Conventions:
- Everything is a printed string, numbers too ('52事業', '68%', '32百万枚', '1,000',
  '-', '—'), so a test can inject any value a prefecture might print.
- A line break inside a table cell shows in the published text as one space; cell
  strings here are JOINED: that space is removed wherever one of its sides is not an
  ASCII letter or digit. Every other character is kept as printed (full-width （）
  next to ASCII (), 、。・, full-width ／ …).
- Year labels live in one place, `Report.years`. The strings that print a year as a
  label (the title lines, the heading, part titles, table headers) are templates with
  the placeholders {results} {plan} (令和5年度, 令和6年度) and {r} {p} (R5, R6);
  `Report.fill` turns one into printed text. A FY2024 edition is
  `replace(REPORT, years=Years("令和6年度", "令和7年度", "R6", "R7"))` plus its content.
  Body text ('令和5年度中に一部…') is content, never a template.
- `PageBreak` blocks mark where the original slides seem to start a new page (the
  repeated headings of the published text); layouts may honour or ignore them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Years:
    """The two fiscal years a report covers, as printed in labels."""

    results: str = "令和5年度"
    plan: str = "令和6年度"
    results_short: str = "R5"
    plan_short: str = "R6"

    def fill(self, template: str) -> str:
        """Printed text of a label template ('{r}取組内容' -> 'R5取組内容')."""
        return template.format(
            results=self.results, plan=self.plan, r=self.results_short, p=self.plan_short
        )


@dataclass(frozen=True)
class Labels:
    """Header vocabulary of the initiative and KPI tables (templates, see Years)."""

    initiative_columns: tuple[str, ...] = ("項目", "{r}取組内容", "{r}成果・効果", "{p}取組内容")
    kpi_columns: tuple[str, ...] = (
        "指標名",
        "目標値({r}年度)",
        "実績値({r}年度)",
        "指標の達成状況",
        "目標値({p}年度)",
    )


# --- summary table (page 1) -------------------------------------------------------


@dataclass(frozen=True)
class SummaryCell:
    """One value cell: the count is printed bold, the share after it in regular weight."""

    count: str
    share: str = ""
    bold: bool = True


@dataclass(frozen=True)
class SummaryRow:
    label: str
    cells: tuple[SummaryCell, ...]  # area-major: (area0 results, area0 plan, area1 …)


@dataclass(frozen=True)
class SummaryTable:
    areas: tuple[str, ...]
    years: tuple[str, ...]  # templates, repeated under every area
    rows: tuple[SummaryRow, ...]


# --- field tables -----------------------------------------------------------------


@dataclass(frozen=True)
class HeaderGroup:
    """A first-row header cell spanning `span` columns (令和5年度 over six)."""

    label: str
    span: int


@dataclass(frozen=True)
class FieldRow:
    code: str  # as printed: 'I-1' … 'II' in ASCII, 'Ⅲ-1' … 'Ⅴ' in Roman-numeral characters
    name: str
    values: tuple[str, ...]  # one per column after 項番 and 分野


@dataclass(frozen=True)
class TotalRow:
    label: str
    values: tuple[str, ...]
    letter_spaced: bool = False  # printed 「合 計」: a rendering detail, the label is 合計


@dataclass(frozen=True)
class FieldTable:
    heading: str
    groups: tuple[HeaderGroup, ...]  # first header row; labels are templates
    columns: tuple[str, ...]  # second header row, all columns
    rows: tuple[FieldRow, ...]
    total: TotalRow


# --- initiatives ------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    name: str
    target: str
    actual: str
    status: str
    next_target: str


@dataclass(frozen=True)
class Spans:
    """The printed grid of one initiative table and the KPI table under it.

    `item` gives how many grid columns each of the four initiative cells spans;
    `kpi` the same for the five KPI cells, after `kpi_lead` empty leading columns.
    (1,1,2,1)/(1,1,1,1,1) is I-2's shape; (1,1,3,1)/(2,1,1,1,1) II-1's, where 指標名
    spans two columns; (1,2,2,1) with kpi_lead=1 Ⅲ-1's, whose KPI table starts empty.
    """

    item: tuple[int, ...] = (1, 1, 1, 1)
    kpi: tuple[int, ...] = (1, 1, 1, 1, 1)
    kpi_lead: int = 0

    @property
    def columns(self) -> int:
        return sum(self.item)

    def kpi_fits(self) -> bool:
        """Whether the KPI cells tile the same grid as the initiative cells."""
        return self.kpi_lead + sum(self.kpi) == self.columns


@dataclass(frozen=True)
class Initiative:
    title: str  # 項目
    activities: str  # R5取組内容
    outcomes: str  # R5成果・効果
    next_activities: str  # R6取組内容
    kpis: tuple[Kpi, ...] = ()
    footnote: str | None = None  # printed under this initiative's table(s)
    spans: Spans = field(default_factory=Spans)


# --- blocks -----------------------------------------------------------------------


@dataclass(frozen=True)
class PartTitle:
    text: str  # template


@dataclass(frozen=True)
class Paragraph:
    text: str
    bullet: bool = True  # the bullet is drawn as a shape, never as a character


@dataclass(frozen=True)
class NewValue:
    text: str
    label: str = "新しい価値"


@dataclass(frozen=True)
class Section:
    heading: str  # exactly as printed, e.g. 'I - 2 行政サービスの向上に向けた取組'
    initiatives: tuple[Initiative, ...]
    new_value: NewValue | None = None  # printed between the heading and the tables


@dataclass(frozen=True)
class PageBreak:
    """Where the original starts a new page (inferred)."""


Block = FieldTable | PartTitle | Paragraph | NewValue | Section | PageBreak


@dataclass(frozen=True)
class Report:
    title_lines: tuple[str, ...]  # templates
    heading: str  # template
    summary: SummaryTable
    blocks: tuple[Block, ...]
    years: Years = field(default_factory=Years)
    labels: Labels = field(default_factory=Labels)

    def fill(self, template: str) -> str:
        return self.years.fill(template)

    def sections(self) -> Iterator[Section]:
        return (b for b in self.blocks if isinstance(b, Section))

    def initiatives(self) -> Iterator[Initiative]:
        return (i for s in self.sections() for i in s.initiatives)

    def field_tables(self) -> Iterator[FieldTable]:
        return (b for b in self.blocks if isinstance(b, FieldTable))


# ==================================================================================
# The FY2023 content, in document order.
# ==================================================================================

NO_KPI = "※ KPIの設定がなじまない取組項目"

# The printed grids (see Spans): which initiative cells are merged over which columns.
PLAIN = Spans((1, 1, 1, 1))
WIDE_OUTCOME = Spans((1, 1, 2, 1), (1, 1, 1, 1, 1))  # I-2, I-3
WIDE_NAME = Spans((1, 1, 3, 1), (2, 1, 1, 1, 1))  # II-1, II-2, Ⅲ-4, Ⅲ-5
LEAD_EMPTY = Spans((1, 1, 3, 1), (1, 1, 1, 1, 1), kpi_lead=1)  # Ⅲ-6, IV
PAIRED_LEAD_EMPTY = Spans((1, 2, 2, 1), (1, 1, 1, 1, 1), kpi_lead=1)  # Ⅲ-1, Ⅲ-2
PAIRED_WIDE_NAME = Spans((1, 2, 2, 1), (2, 1, 1, 1, 1))  # Ⅲ-3

FIELD_GROUPS = (HeaderGroup("{results}", 6), HeaderGroup("{plan}", 2))


def _field_columns(achieved: str) -> tuple[str, ...]:
    return (
        "項番",
        "分野",
        "事業数",
        "うちKPI設定事業数(A)",
        achieved,
        "達成率(B)/(A)",
        "事業数",
        "うちKPI設定事業数",
    )


def _row(code: str, name: str, *values: str) -> FieldRow:
    return FieldRow(code, name, values)


SUMMARY = SummaryTable(
    areas=("行政のDX", "地域のDX"),
    years=("{results}", "{plan}"),
    rows=(
        SummaryRow(
            "事業数",
            (
                SummaryCell("52事業"),
                SummaryCell("51事業"),
                SummaryCell("81事業"),
                SummaryCell("84事業"),
            ),
        ),
        SummaryRow(
            "うちKPI設定事業数",
            (
                SummaryCell("19事業"),
                SummaryCell("21事業"),
                SummaryCell("53事業"),
                SummaryCell("53事業"),
            ),
        ),
        SummaryRow(
            "達成",
            (
                SummaryCell("13事業", "68%"),
                SummaryCell("—", bold=False),
                SummaryCell("30事業", "57%"),
                SummaryCell("—", bold=False),
            ),
        ),
        SummaryRow(
            "一部達成",
            (
                SummaryCell("6事業", "32%"),
                SummaryCell("—", bold=False),
                SummaryCell("23事業", "43%"),
                SummaryCell("—", bold=False),
            ),
        ),
    ),
)

GYOSEI_FIELDS = FieldTable(
    heading="行政のデジタル変革（DX）分野ごとの達成状況",
    groups=FIELD_GROUPS,
    columns=_field_columns("達成(B)"),
    rows=(
        _row(
            "I-1", "まず始めに実施すべき取組", "7事業", "1事業", "1事業", "100%", "7事業", "2事業"
        ),
        _row(
            "I-2",
            "行政サービスの向上に向けた取組",
            *("11事業", "4事業", "1事業", "25%", "11事業", "5事業"),
        ),
        _row(
            "I-3",
            "公務能率の向上に向けた取組",
            "16事業",
            "7事業",
            "6事業",
            "86%",
            "15事業",
            "7事業",
        ),
        _row(
            "I-4", "上記の取組を支える基盤整備", "9事業", "2事業", "2事業", "100%", "9事業", "2事業"
        ),
        _row("II", "【市町村支援・連携】", "9事業", "5事業", "3事業", "60%", "9事業", "5事業"),
    ),
    total=TotalRow("合計", ("52事業", "19事業", "13事業", "68%", "51事業", "21事業")),
)

CHIIKI_FIELDS = FieldTable(
    heading="地域のデジタル変革（DX）等分野ごとの達成状況",
    groups=FIELD_GROUPS,
    columns=_field_columns("達成事業(B)"),
    rows=(
        _row("Ⅲ-1", "震災からの復興・再生", "4事業", "3事業", "1事業", "33%", "4事業", "3事業"),
        _row("Ⅲ-2", "地方創生・関係人口の創出", "9事業", "7事業", "5事業", "71%", "9事業", "6事業"),
        _row("Ⅲ-3", "教育・人材育成", "20事業", "14事業", "9事業", "64%", "20事業", "14事業"),
        _row("Ⅲ-4", "産業振興", "18事業", "12事業", "7事業", "58%", "19事業", "11事業"),
        _row("Ⅲ-5", "健康・医療・福祉", "12事業", "8事業", "5事業", "63%", "13事業", "9事業"),
        _row("Ⅲ-6", "安全・安心、環境", "11事業", "7事業", "3事業", "43%", "12事業", "8事業"),
        _row("Ⅳ", "デジタルデバイド対策", "3事業", "2事業", "0事業", "0%", "3事業", "2事業"),
        _row(
            "Ⅴ", "情報セキュリティ対策・個人情報保護", "4事業", "0事業", "-", "-", "4事業", "0事業"
        ),
    ),
    total=TotalRow(
        "合計", ("81事業", "53事業", "30事業", "57%", "84事業", "53事業"), letter_spaced=True
    ),
)

GYOSEI_PART = "【行政のデジタル変革（DX）】{results} 主な取組の進捗状況 及び {plan} 実施予定"
SHICHOSON_PART = "【市町村支援・連携】{results} 主な取組の進捗状況 及び {plan} 実施予定"
CHIIKI_PART = "【地域のデジタル変革（DX）等】{results} 主な取組状況 及び {plan} 実施予定"

I_3 = "I - 3 公務能率の向上に向けた取組"

ONLINE_PORTAL_ACTIVITIES = (
    "県及び市町村共通のポータルを構築し、令和5年度中に一部（個人手続35手続程度）の"
    "サービス提供を開始する。"
)
ONLINE_PORTAL_OUTCOMES = (
    "県及び市町村共通のポータルを構築し、延べ56手続きについてサービス提供を開始した。"
)
ONLINE_PORTAL_NEXT = (
    "行政手続オンライン申請サービスの市町村への普及、当該サービスで申請可能な手続の拡大を図る。"
)
ONLINE_RATE = Kpi("県及び市町村行政手続のオンライン利用率", "67.4%", "43.1%", "一部達成", "73.7%")
SMART_CITY_TITLE = (
    "各市町村の実情と地域の特性に応じた支援等デジタル変革（DX）推進事業"
    "(オールふくしまスマートシティ推進事業)"
)

BLOCKS: tuple[Block, ...] = (
    PageBreak(),
    GYOSEI_FIELDS,
    PageBreak(),
    PartTitle(GYOSEI_PART),
    NewValue("● デジタル変革の自走 ● 業務の効率化"),
    Section(
        "I-1 まず始めに実施すべき取組",
        (
            Initiative(
                "職員の意識改革と行動変容",
                "仕事の仕組みや進め方、意思決定プロセスを含めた業務改革に取り組むため、"
                "管理職に対する研修等を行い、職員の意識改革につなげる。",
                "本庁各課（室）及び出先機関に「デジタル変革(DX)推進リーダー」を配置し、"
                "管理職であるデジタル変革(DX)推進リーダー向けの研修を実施するとともに、"
                "メールマガジンを年5回発行し、職員の意識改革と行動変容に努めた。",
                "デジタル変革(DX)推進リーダーの育成に向けた演習型研修やeラーニング研修等を"
                "実施するとともに、全職員向けのDX推進研修を行い、県庁全体のデジタル化の"
                "底上げを図る。",
                spans=PLAIN,
            ),
            Initiative(
                "書面規制、押印、対面規制の見直し",
                "書面規制、対面規制については、国動向を踏まえ、「アナログ規制（書面・対面規制）"
                "の点検・見直し方針」を策定し、アナログ規制（書面・対面規制）の見直しを行う。",
                "「アナログ規制（書面・対面規制）の点検・見直し方針」（R5.6月策定）を策定し、"
                "これに基づきアナログ規制の見直し工程表（R6.3月策定）を作成した。",
                "アナログ規制見直し工程表に基づき各規制の見直しを行う。",
                footnote=NO_KPI,
                spans=PLAIN,
            ),
        ),
    ),
    PageBreak(),
    Section(
        "I - 2 行政サービスの向上に向けた取組",
        (
            Initiative(
                "行政手続のオンライン化",
                ONLINE_PORTAL_ACTIVITIES,
                ONLINE_PORTAL_OUTCOMES,
                ONLINE_PORTAL_NEXT,
                kpis=(ONLINE_RATE,),
                spans=WIDE_OUTCOME,
            ),
            Initiative(
                "キャッシュレス決済の導入",
                "自動車税種別割の電子決済利用の促進による利便性の向上と県民負担の軽減を図る。",
                "クレジット及びキャッシュレスアプリによる納付環境を整備し、クレジット利用件数"
                "30,748件、キャッシュレスアプリ利用件数33,421件の利用が図られた。",
                "納税者に対する周知により電子決済の利用を促進していく。",
                kpis=(
                    Kpi(
                        "自動車税種別割に係る電子決済利用件数",
                        "30,000件",
                        "64,169件",
                        "達成",
                        "68,000件",
                    ),
                ),
                spans=WIDE_OUTCOME,
            ),
        ),
    ),
    PageBreak(),
    Section(
        I_3,
        (
            Initiative(
                "ペーパーレス化の推進",
                "ペーパーレス化アクションプログラムを策定し、PDF編集ソフト導入などの取組を行い、"
                "コピー用紙の購入量を削減する。",
                "令和5年度県庁ペーパーレス化アクションプログラムを策定し、意識改革に努めるとともに、"
                "PDF編集ソフトの導入やモバイルパソコンの一部導入などの環境整備を行い、"
                "ペーパーレス化に取り組んだ。",
                "ペーパーレス化アクションプログラムを策定し、職員の意識改革につなげるとともに、"
                "電子決裁を全庁に導入するなどの取組により、ペーパーレス化を推進する。",
                kpis=(
                    Kpi(
                        "コピー用紙購入量（本庁（知事部局））",
                        "32百万枚",
                        "32百万枚",
                        "達成",
                        "20百万枚",
                    ),
                ),
                spans=WIDE_OUTCOME,
            ),
            Initiative(
                "RPAの導入",
                "RPAを導入し、業務の効率化を図る。",
                "鳥獣関係データとりまとめ業務など削減効果の高い9業務へRPAを導入した。",
                "RPAを新たに5業務程度へ導入し、更なる業務の効率化を図る。",
                kpis=(
                    Kpi(
                        "RPAの導入により削減される業務時間",
                        "13,000時間",
                        "15,691時間",
                        "達成",
                        "14,600時間",
                    ),
                ),
                spans=WIDE_OUTCOME,
            ),
        ),
    ),
    PageBreak(),
    Section(
        I_3,
        (
            Initiative(
                "AIの活用",
                "職員からの質問に対してAIが質問の意味を解釈して、自動で応答するシステム"
                "（チャットボット）を導入する。",
                "新たに会計事務にAIチャットボットを導入（R5計4業務）するとともに、"
                "当該システムの利用周知を図った。",
                "質問に対する回答の精度を向上させるなど、更なる利用満足度の向上を図っていく。",
                kpis=(Kpi("チャットボット満足度", "60%", "61%", "達成", "62%"),),
                spans=WIDE_OUTCOME,
            ),
        ),
    ),
    Section(
        "I - 4 I - 1～I - 3の取組を支える基盤整備",
        (
            Initiative(
                "職員用パソコンのモバイル化",
                "モバイルワークなどに使用するため、職員のパソコンのモバイル化について検討を行う。",
                "本庁幹部職員を中心にモバイルパソコン350台を導入し、管理職の意識改革に"
                "つなげるとともに、会議等におけるペーパーレス化を進めた。",
                "更新対象となる職員パソコンについて、無線LANに対応したパソコンに更新する。"
                "(3,662台)",
                footnote=NO_KPI,
                spans=PLAIN,
            ),
        ),
    ),
    PageBreak(),
    PartTitle(SHICHOSON_PART),
    Paragraph(
        "県は、市町村の実情に応じた支援や市町村との連携・協働等により、"
        "行政全体としてのデジタル変革（DX）を推進する。"
    ),
    Section(
        "II-1 市町村に求められるデジタル変革（DX）に係る支援等",
        (
            Initiative(
                "デジタル人材の確保・育成",
                "市町村へICTアドバイザーを派遣し、DX推進の課題に関する適切な解決策を助言する。",
                "20市町村へアドバイザーを派遣し、住民への情報配信最適化や職員のITリテラシー"
                "向上など、市町村の課題解決を支援した。",
                "アドバイザーの派遣を大幅に拡充し、市町村の取組を一層促進する。",
                footnote=NO_KPI,
                spans=PLAIN,
            ),
            Initiative(
                "AI・RPA等の利用促進・共同利用",
                "AI・RPA等の先端技術の活用によるDX及びデジタル化の取組に対する財政支援を行う。",
                "市町村のDX及びデジタル化の取組に対する財政支援等により、先端技術を活用する"
                "市町村の底上げが図られた。(令和5年度時点で54団体(累計))",
                "財政支援を継続し、市町村の先端技術の活用を促進する。",
                kpis=(
                    Kpi("先端技術を活用する市町村数(累計)", "50団体", "54団体", "達成", "59団体"),
                ),
                spans=WIDE_NAME,
            ),
        ),
    ),
    PageBreak(),
    PartTitle(SHICHOSON_PART),
    Section(
        "II-2 先進的な取組の推進と横展開のための支援等",
        (
            Initiative(
                SMART_CITY_TITLE,
                ONLINE_PORTAL_ACTIVITIES,
                ONLINE_PORTAL_OUTCOMES,
                ONLINE_PORTAL_NEXT,
                kpis=(ONLINE_RATE,),
                spans=WIDE_NAME,
            ),
            Initiative(
                SMART_CITY_TITLE,
                "県でスマートシティサービスを推進するためのデータ連携基盤を整備し、"
                "市町村のスマートシティに係る取組を推進していく。",
                "データ連携基盤及びふくしまポータルを構築し、令和6年3月にサービスの提供を"
                "開始した。",
                "サービスの拡充に向けた検討を進めるとともに、市町村の利用を促進していく。",
                kpis=(Kpi("スマートシティに取り組む市町村数", "4団体", "7団体", "達成", "5団体"),),
                spans=WIDE_NAME,
            ),
        ),
    ),
    PageBreak(),
    CHIIKI_FIELDS,
    PageBreak(),
    PartTitle(CHIIKI_PART),
    Section(
        "Ⅲ-1 震災からの復興・再生",
        (
            Initiative(
                "避難地域12市町村に係るデジタル情報発信の推進",
                "全国の移住希望者に対して避難12市町村の情報発信、交流人口拡大や関係人口の創出、"
                "市町村における移住体験、受入体制の構築など、移住推進の各フェイズにおいて"
                "デジタルメディアを活用する。",
                "随時、情報発信（メルマガ配信、インターネット広告など）を行ったほか、"
                "新たに首都圏在住者向けテレビドラマの制作など、動画コンテンツの活用に取り組んだ。",
                "デジタルメディアを活用した広報展開を継続しつつ、新たな層への認知拡大を図っていく。",
                kpis=(
                    Kpi(
                        "ふくしま12市町村移住ポータルサイト(未来ワークふくしま)のページビュー数",
                        "250万PV",
                        "202万PV",
                        "一部達成",
                        "275万PV",
                    ),
                ),
                spans=PAIRED_LEAD_EMPTY,
            ),
        ),
        NewValue("浜通り地域への産業基盤の構築、全国から新たな活力の誘引"),
    ),
    Section(
        "Ⅲ-2 地方創生・関係人口の創出",
        (
            Initiative(
                "リモートワーク等を活用した副業人材による地域課題の解決",
                "都市部において自らのスキル等を地方での課題解決にいかしたいと考える情熱を持った"
                "人材と県内事業者をマッチングし、リモートワーク等を活用した副業プロジェクトに"
                "よる関係づくりを促進していく。",
                "リモートワーク等を活用した副業プロジェクトに171人が参加し、関係人口づくりが"
                "図られた。",
                "取組を強化しながら、引き続き関係人口創出等を促進する。",
                kpis=(Kpi("課題解決プロジェクト参加者数", "138人", "171人", "達成", "143人"),),
                spans=PAIRED_LEAD_EMPTY,
            ),
        ),
        NewValue("関係人口の拡大とそれを活用した地域課題の解決、効果的・効率的な情報発信"),
    ),
    PageBreak(),
    Section(
        "Ⅲ-3 教育・人材育成",
        (
            Initiative(
                "小学校及び中学校におけるデジタル技術を有効に活用した授業の実践",
                "ICT機器活用方法の提案や活用のための研修、大幅に増加する機器管理などを支援する"
                "ため、ICT支援員を配置する。",
                "事業者との密な連携による適切な訪問管理のもと、全校への訪問支援を複数回実施した。",
                "ICT支援員が県立学校を訪問する割合について、100%を維持していく。",
                kpis=(
                    Kpi(
                        "ICT支援員による県立学校訪問割合（訪問した学校数／全学校数）",
                        "100%",
                        "100%",
                        "達成",
                        "100%",
                    ),
                ),
                spans=PAIRED_WIDE_NAME,
            ),
            Initiative(
                "テクノアカデミーを中心としたデジタル人材育成",
                "テクノアカデミーにおける最新機器整備や活用、AI・IoT活用に向けたプログラミング"
                "技術習得等による若年層のDX人材育成に取り組む。",
                "テクノアカデミー各校においてDXに関する講義を取り入れる訓練カリキュラム編成を"
                "行い、講義を実施した。",
                "DX関連の講義や実習を行うための環境の充実を図っていく。",
                kpis=(
                    Kpi(
                        "テクノアカデミーにおけるDX関連講義の時間数",
                        "1,000時間",
                        "1,071時間",
                        "達成",
                        "1,000時間",
                    ),
                ),
                spans=PAIRED_WIDE_NAME,
            ),
        ),
        NewValue(
            "多様な子どもたちに個別最適化された学びの実現、企業等におけるデジタル人材の底上げ"
        ),
    ),
    PageBreak(),
    Section(
        "Ⅲ-4 産業振興",
        (
            Initiative(
                "会津大学等と連携した事業者のデジタル変革（DX）推進支援及びICTオフィスの立地促進",
                "県内企業と会津大学等との連携によるICTを活用した生産効率化システムの開発や"
                "技術導入など先進的ビジネスモデルの創出を通じ、先端ICT関連産業の集積を推進する。",
                "ICT企業のオフィス開設に必要な経費支援のほか、企業と会津大学等との連携による"
                "開発・技術導入に関する支援を実施した。",
                "先端ICT関連産業の推進、事業所の新規雇用獲得に向け、今後も支援を継続していく。",
                kpis=(
                    Kpi(
                        "先端ICT関連産業集積推進事業の補助を受けた事業所の新規雇用者数"
                        "（H30年度からの累計）",
                        "53人",
                        "32人",
                        "一部達成",
                        "63人",
                    ),
                ),
                spans=WIDE_NAME,
            ),
            Initiative(
                "スマート農業の推進",
                "農業生産の効率化、高収益化を図るため、スマート農業技術を活用した実証研究を"
                "行うとともに、先端技術の現地での実証を通じた普及活動を行う。",
                "各農林事務所で実証ほの設置、運営による導入効果の検証と併せ、農業者組織や"
                "JA専門部会に対して現地検討会や勉強会等の研修会を開催し、スマート農業等技術の"
                "普及拡大を図った。",
                "順調に実績を伸ばしているため、取組を継続しつつ、新たな取組としてRTK基地局の"
                "設置による自動操舵システム等の推進を図る。",
                kpis=(
                    Kpi(
                        "スマート農業等技術を導入した経営体数",
                        "718経営体",
                        "997経営体",
                        "達成",
                        "756経営体",
                    ),
                ),
                spans=WIDE_NAME,
            ),
        ),
        NewValue("中小企業、農林漁業者等の経営の効率化、競争力強化、担い手の確保"),
    ),
    PageBreak(),
    Section(
        "Ⅲ-5 健康・医療・福祉",
        (
            Initiative(
                "介護施設へのロボットやデジタル技術の導入推進",
                "介護支援ロボット導入やICTを活用した通信環境の整備、業務改善支援など、"
                "介護現場における生産性向上の取組を支援する。",
                "介護ロボットやICTの有効活用を図りたい高齢者入所施設3施設に対してコンサルティング"
                "支援を実施。その成果を報告会で県内高齢者施設に共有することで介護ロボット・ICT"
                "導入の有用性を広く周知した。",
                "補助事業は継続しつつ、導入したロボット・ICTの有効活用の支援にも注力していく。",
                kpis=(
                    Kpi(
                        "介護ロボットやICT機器の導入施設数", "315施設", "765施設", "達成", "353施設"
                    ),
                ),
                spans=WIDE_NAME,
            ),
            Initiative(
                "スマートフォンアプリを活用した健康増進",
                "県民が健康づくりに参加しやすいよう、インセンティブを付与する仕組みを取り入れた"
                "「健民アプリ」の活用や深化、市町村と連携した「ふくしま健民パスポート」事業を"
                "実施する。",
                "既存コンテンツの拡充（バーチャルウォーキングコースの追加）や新機能の搭載"
                "（バーチャルサイクリング機能）に取り組んだほか、健康づくりに関するイベントなどで"
                "アプリの広報を行った。",
                "目標値を上回ったため、アプリコンテンツの充実を図りながら取組を継続して実施する。",
                kpis=(
                    Kpi(
                        "ふくしま健民アプリのダウンロード数",
                        "78,441件",
                        "80,266件",
                        "達成",
                        "88,441件",
                    ),
                ),
                spans=WIDE_NAME,
            ),
        ),
        NewValue("医療、介護等サービスの向上、従事する職員の負担軽減、担い手不足の解消"),
    ),
    PageBreak(),
    Section(
        "Ⅲ-6 安全・安心、環境",
        (
            Initiative(
                "デジタル技術を活用した適切な避難行動の支援",
                "いつ、いかなる災害が発生しても、適切な避難行動や防災行動を促すために、"
                "「データ連携基盤」を活用した防災アプリを構築し、県民に提供することで県民の"
                "防災行動の向上を促す。",
                "防災情報のプッシュ通知、ハザードマップ確認、マイ避難シート作成等の機能を備えた"
                "防災アプリを令和6年3月に運用開始した。また、防災アプリ運用開始にあたり完成発表会"
                "を実施し、報道機関を通し県民にPRした。",
                "防災アプリについて、避難所のチェックイン機能や避難行動要支援者と支援者の連絡を"
                "円滑にする機能等の実装を行う。",
                kpis=(Kpi("防災アプリの累計ダウンロード数", "1,000", "3,400", "達成", "50,000"),),
                spans=LEAD_EMPTY,
            ),
            Initiative(
                "防犯・防災意識の向上",
                "メールにより犯罪発生情報、防犯情報、交通安全情報等を発信し、県民の防犯意識等の"
                "向上を図る。",
                "街頭での登録の呼びかけなどにより、住民へのPOLICEメールふくしまの普及を図った。",
                "目標値を上回ったため、取組を継続して実施する。",
                kpis=(
                    Kpi(
                        "POLICEメールふくしまの受信登録件数",
                        "100,000件",
                        "102,769件",
                        "達成",
                        "110,000件",
                    ),
                ),
                spans=LEAD_EMPTY,
            ),
        ),
        NewValue("社会の強靱化、安全・安心な暮らしの実現"),
    ),
    PageBreak(),
    Section(
        "IV デジタルデバインド対策",  # sic: the field table says デジタルデバイド対策
        (
            Initiative(
                "地域住民に対するきめ細やかなデジタル活用支援",
                "高齢者向けのスマホ教室等を開催し、高齢者の情報リテラシーの向上を図る。",
                "65歳以上の高齢者を対象に県内28町村52回のスマホ教室を実施した。",
                "町村と連携し、スマホ教室の周知・広報に努めるとともに、新たにサポーターの育成に"
                "取り組む。",
                kpis=(
                    Kpi(
                        "情報リテラシー向上事業に参加した高齢者の人数",
                        "930人",
                        "523人",
                        "一部達成",
                        "930人",
                    ),
                ),
                spans=LEAD_EMPTY,
            ),
        ),
    ),
    Section(
        "V 情報セキュリティ・個人情報保護",
        (
            Initiative(
                "セキュリティクラウドの利用",
                "自治体情報セキュリティクラウドサービスについて、東北6県及び新潟県で共同仕様で"
                "調達し、高度なセキュリティ監視サービス等を利用する。",
                "県と市町村等のインターネット接続口を集約し、サイバー攻撃等を常時監視する"
                "「自治体情報セキュリティクラウド」を運用したほか、市町村職員を対象にした"
                "メール訓練や研修を実施した。",
                "自治体情報セキュリティクラウドサービスを安定的に運用する。",
                footnote=NO_KPI,
                spans=PLAIN,
            ),
        ),
    ),
)

REPORT = Report(
    title_lines=(
        "デジタル変革（DX）に係る{results}の実施状況及び",
        "{plan}の事業・実施一覧について【概要】",
    ),
    heading=(
        "{results}に実施したDX関連事業の取組実績・成果及び {plan}に実施予定のDX関連事業について"
    ),
    summary=SUMMARY,
    blocks=BLOCKS,
)


def printed_strings(report: Report) -> Iterator[str]:
    """Every printed string in reading order (labels filled in), table cells row by row;
    empty cells are left out."""
    fill = report.fill
    yield from (fill(x) for x in report.title_lines)
    yield fill(report.heading)
    yield from _summary_strings(report)
    for block in report.blocks:
        yield from _block_strings(block, report)


def _summary_strings(report: Report) -> Iterator[str]:
    s = report.summary
    yield from s.areas
    yield from (report.fill(y) for _ in s.areas for y in s.years)
    for row in s.rows:
        yield row.label
        for cell in row.cells:
            yield cell.count
            if cell.share:
                yield cell.share


def _block_strings(block: Block, report: Report) -> Iterator[str]:
    match block:
        case FieldTable():
            yield block.heading
            yield from (report.fill(g.label) for g in block.groups)
            yield from block.columns
            for r in block.rows:
                yield from (r.code, r.name, *r.values)
            yield block.total.label
            yield from block.total.values
        case PartTitle():
            yield report.fill(block.text)
        case Paragraph():
            yield block.text
        case NewValue():
            yield from (block.label, block.text)
        case Section():
            yield from _section_strings(block, report)


def _section_strings(section: Section, report: Report) -> Iterator[str]:
    fill = report.fill
    yield section.heading
    if section.new_value is not None:
        yield from (section.new_value.label, section.new_value.text)
    for item in section.initiatives:
        yield from (fill(x) for x in report.labels.initiative_columns)
        yield from (item.title, item.activities, item.outcomes, item.next_activities)
        if item.kpis:
            yield from (fill(x) for x in report.labels.kpi_columns)
        for k in item.kpis:
            yield from (k.name, k.target, k.actual, k.status, k.next_target)
        if item.footnote:
            yield item.footnote
