/* Parsers: articles, editions, layouts, photos — good input and every
 * kind of bad input, with file:line:col. */
#include "harness.h"
#include "util.h"
#include "doc/doc.h"
#include "parse/parse.h"
#include "parse/normalize.h"

#include <unicode/ucnv.h>

static const char *LAYOUT = PB_SOURCE_DIR "/tests/layout/test.yaml";

static pb_edition *
load_edition (const char *yaml, pb_diagnostics *d)
{
  char *text = malloc (strlen (yaml) + 600);
  sprintf (text, "paper: 测试报\ndate: 2026-11-26\nlayout: %s\n%s", LAYOUT, yaml);
  const char *p = write_tmp ("edition.yaml", text);
  free (text);
  return pb_parse_edition (p, NULL, d);
}

static void
article_fields (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_arena *a = pb_arena_create ();
  write_tmp ("pic.jpg", "");
  const char *p = write_tmp ("full.md",
    "---\nkicker: 引题\nheadline: 主题\ndeck: [副题一, 副题二]\nbyline: 记者 张三\n"
    "dateline: 本报北京1月11日讯\neditor: 王五\nlang: zh-Hant\npriority: 1\nid: story-1\n---\n"
    "第一段，有**加粗**和*强调*。\n\n## 小标题\n\n第二段\n接着一行。\n");
  pb_article *art = pb_parse_article (a, p, PB_LANG_ZH_HANS, d);
  CHECK (art != NULL);
  if (art) {
    STR_EQ (art->kicker, "引题");
    STR_EQ (art->headline, "主题");
    INT_EQ (art->n_deck, 2);
    STR_EQ (art->deck[1], "副题二");
    STR_EQ (art->byline, "记者 张三");
    STR_EQ (art->editor, "王五");
    STR_EQ (art->id, "story-1");
    INT_EQ (art->lang, PB_LANG_ZH_HANT);
    INT_EQ (art->priority, 1);
    INT_EQ (art->n_blocks, 3);
    INT_EQ (art->blocks[0].kind, PB_BLOCK_PARAGRAPH);
    /* the dateline opens the first paragraph, bold */
    STR_EQ (art->blocks[0].text, "本报北京1月11日讯 第一段，有加粗和强调。");
    CHECK (art->blocks[0].n_spans == 3 && (art->blocks[0].spans[0].flags & PB_SPAN_BOLD));
    INT_EQ (art->blocks[1].kind, PB_BLOCK_SUBHEADING);
    STR_EQ (art->blocks[1].text, "小标题");
    /* a soft break between Han characters joins without a space */
    STR_EQ (art->blocks[2].text, "第二段接着一行。");
    INT_EQ (art->blocks[2].pos.line, 16);
  }
  INT_EQ (pb_diagnostics_count (d), 0);
  pb_arena_destroy (a);
  pb_diagnostics_destroy (d);
}

static void
article_defaults_and_deck_string (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_arena *a = pb_arena_create ();
  const char *p = write_tmp ("simple-story.md", "---\nheadline: 标题\ndeck: 只有一行副题\n---\nEnglish words\nwrap with a space.\n");
  pb_article *art = pb_parse_article (a, p, PB_LANG_EN, d);
  CHECK (art != NULL);
  if (art) {
    STR_EQ (art->id, "simple-story");
    CHECK (art->editor == NULL);
    INT_EQ (art->priority, 3);
    INT_EQ (art->lang, PB_LANG_EN);
    INT_EQ (art->n_deck, 1);
    STR_EQ (art->blocks[0].text, "English words wrap with a space.");
  }
  pb_arena_destroy (a);
  pb_diagnostics_destroy (d);
}

/* Blank optional fields are absent: a deck keeps its other lines with
 * their own lines in the file; a blank dateline leaves the paragraph as
 * written.  A blank headline is an empty one. */
static void
article_blank_fields (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_arena *a = pb_arena_create ();
  const char *p = write_tmp ("blank.md", "---\nheadline: 标题\nkicker: \"  \"\ndeck:\n  - \"\u3000\"\n  - 副题\n"
                                         "  - \" \\t\"\nbyline: \"\u00a0\"\neditor: \"\u200b\"\n"
                                         "dateline: \" \"\n---\n正文。\n");
  pb_article *art = pb_parse_article (a, p, PB_LANG_ZH_HANS, d);
  CHECK (art != NULL);
  if (art) {
    CHECK (art->kicker == NULL && art->byline == NULL && art->editor == NULL && art->dateline == NULL);
    INT_EQ (art->n_deck, 1);
    STR_EQ (art->deck[0], "副题");
    INT_EQ (art->deck_pos[0].line, 6);
    STR_EQ (art->blocks[0].text, "正文。");
  }
  INT_EQ (pb_diagnostics_count (d), 0);
  p = write_tmp ("blank-head.md", "---\nheadline: \"\u3000 \"\n---\n正文。\n");
  CHECK (pb_parse_article (a, p, PB_LANG_ZH_HANS, d) == NULL);
  CHECK (HAS_ERROR (d, "blank-head.md:2:11", "'headline' must not be empty"));
  pb_arena_destroy (a);
  pb_diagnostics_destroy (d);
}

/* Photos are numbered 1, 2 … in copy order, whatever paragraphs stand
 * before them (images/ID-N.jpg). */
static void
article_photo_numbers (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_arena *a = pb_arena_create ();
  char text[1200];
  snprintf (text, sizeof text, "---\nheadline: 图\n---\n一。\n\n二。\n\n![甲](%s/tests/data/small.jpg)\n\n"
            "## 小标题\n\n三。\n\n![乙](%s/tests/data/small.jpg)\n", PB_SOURCE_DIR, PB_SOURCE_DIR);
  pb_article *art = pb_parse_article (a, write_tmp ("photos.md", text), PB_LANG_ZH_HANS, d);
  CHECK (art != NULL);
  if (art) {
    INT_EQ (art->n_blocks, 6);
    INT_EQ (art->blocks[2].kind, PB_BLOCK_FIGURE);
    INT_EQ (art->blocks[2].photo, 1);
    INT_EQ (art->blocks[5].kind, PB_BLOCK_FIGURE);
    INT_EQ (art->blocks[5].photo, 2);
  }
  pb_arena_destroy (a);
  pb_diagnostics_destroy (d);
}

static void
article_figure (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_arena *a = pb_arena_create ();
  char path[600];
  snprintf (path, sizeof path, "---\nheadline: 图\n---\n![说明文字](%s/tests/data/small.jpg \"记者 王五 摄\")\n\n正文。\n", PB_SOURCE_DIR);
  const char *p = write_tmp ("fig.md", path);
  pb_article *art = pb_parse_article (a, p, PB_LANG_ZH_HANS, d);
  CHECK (art != NULL);
  if (art) {
    INT_EQ (art->blocks[0].kind, PB_BLOCK_FIGURE);
    STR_EQ (art->blocks[0].caption, "说明文字");
    STR_EQ (art->blocks[0].credit, "记者 王五 摄");
    CHECK (art->blocks[0].image && art->blocks[0].image->width == 120 && art->blocks[0].image->height == 80);
  }
  pb_arena_destroy (a);
  pb_diagnostics_destroy (d);
}

static void
article_errors (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_arena *a = pb_arena_create ();
  /* bad YAML: the position is in the file, past the opening --- */
  const char *p = write_tmp ("badyaml.md", "---\nheadline: 标题\ndeck: [未闭合\n---\n正文。\n");
  CHECK (pb_parse_article (a, p, PB_LANG_ZH_HANS, d) == NULL);
  CHECK (HAS_ERROR (d, "badyaml.md:4:1", "YAML syntax"));
  /* missing headline, unknown key, bad priority, bad language */
  p = write_tmp ("nohead.md", "---\nkiker: 错字\npriority: 9\nlang: xx\n---\n正文。\n");
  CHECK (pb_parse_article (a, p, PB_LANG_ZH_HANS, d) == NULL);
  CHECK (HAS_ERROR (d, "nohead.md:2:1", "missing required key 'headline'"));
  CHECK (HAS_WARNING (d, "nohead.md:2:1", "unknown key 'kiker'"));
  CHECK (HAS_ERROR (d, "nohead.md:3:11", "'priority' is 9"));
  CHECK (HAS_ERROR (d, "nohead.md:4:7", "unknown language 'xx'"));
  /* no front matter, unterminated front matter */
  p = write_tmp ("nofm.md", "正文。\n");
  CHECK (pb_parse_article (a, p, PB_LANG_ZH_HANS, d) == NULL);
  CHECK (HAS_ERROR (d, "nofm.md:1:1", "front matter"));
  p = write_tmp ("open.md", "---\nheadline: 标题\n正文。\n");
  CHECK (pb_parse_article (a, p, PB_LANG_ZH_HANS, d) == NULL);
  CHECK (HAS_ERROR (d, "open.md:1:1", "not closed"));
  /* empty article */
  p = write_tmp ("empty.md", "---\nheadline: 标题\n---\n\n\n");
  CHECK (pb_parse_article (a, p, PB_LANG_ZH_HANS, d) == NULL);
  CHECK (HAS_ERROR (d, "empty.md:", "no body text"));
  /* invalid UTF-8: replaced, warned with its position */
  p = write_tmp ("utf8.md", "---\nheadline: 标题\n---\n正文\xff坏字节。\n");
  pb_article *art = pb_parse_article (a, p, PB_LANG_ZH_HANS, d);
  CHECK (art != NULL);
  CHECK (HAS_WARNING (d, "utf8.md:4:3", "invalid UTF-8"));
  if (art)
    STR_EQ (art->blocks[0].text, "正文\xEF\xBF\xBD坏字节。");
  /* missing photo, a photo that is text, a truncated JPEG */
  p = write_tmp ("nophoto.md", "---\nheadline: 标题\n---\n正文。\n\n![说明](nowhere.jpg)\n");
  CHECK (pb_parse_article (a, p, PB_LANG_ZH_HANS, d) != NULL);
  CHECK (HAS_ERROR (d, "nophoto.md:6:1", "cannot read photo", "nowhere.jpg"));
  write_tmp ("text.jpg", "this is not an image\n");
  p = write_tmp ("textphoto.md", "---\nheadline: 标题\n---\n![说明](text.jpg)\n\n正文。\n");
  pb_parse_article (a, p, PB_LANG_ZH_HANS, d);
  CHECK (HAS_ERROR (d, "textphoto.md:4:1", "not a JPEG or PNG"));
  size_t len;
  char *jpg = pb_file_read (PB_SOURCE_DIR "/tests/data/small.jpg", PB_MAX_PHOTO_FILE_BYTES, &len, NULL);
  CHECK (jpg != NULL);
  if (jpg) {
    char tp[600];
    snprintf (tp, sizeof tp, "%s/trunc.jpg", tmp_dir ());
    FILE *f = fopen (tp, "wb");
    fwrite (jpg, 1, len / 2, f);
    fclose (f);
    free (jpg);
    p = write_tmp ("truncphoto.md", "---\nheadline: 标题\n---\n正文。\n\n![说明](trunc.jpg)\n");
    pb_parse_article (a, p, PB_LANG_ZH_HANS, d);
    CHECK (HAS_ERROR (d, "truncphoto.md:6:1", "damaged", "Premature end"));
  }
  pb_arena_destroy (a);
  pb_diagnostics_destroy (d);
}

static void
edition_good (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  write_tmp ("a1.md", "---\nheadline: 一\n---\n正文。\n");
  write_tmp ("a2.md", "---\nheadline: 二\n---\n正文。\n");
  pb_edition *ed = load_edition ("issue: 第1期\npages:\n  - number: 3\n    section: 要闻\n"
                                 "    editors: [编辑 甲]\n    articles:\n"
                                 "      - src: a1.md\n        at: {col: 1, row: 1, cols: 2, rows: 5}\n"
                                 "      - src: a2.md\n        at: {col: 1, row: 6, cols: 1, rows: 5}\n", d);
  CHECK (ed != NULL);
  if (!pb_diagnostics_has_errors (d) && ed) {
    INT_EQ (ed->n_pages, 1);
    INT_EQ (ed->pages[0].number, 3);
    STR_EQ (ed->pages[0].section, "要闻");
    INT_EQ (ed->pages[0].n_placements, 2);
    INT_EQ (ed->pages[0].placements[1].at.row, 6);
    INT_EQ (ed->n_articles, 2);
    INT_EQ (ed->year * 10000 + ed->month * 100 + ed->day, 20261126);
    /* the template's derived grid: whole-character columns */
    INT_EQ (ed->tpl->column_w % ed->tpl->style[PB_ROLE_BODY].size, 0);
  } else
    dump_diags (d);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
}

static void
edition_errors_all_in_one_run (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  write_tmp ("b1.md", "---\nheadline: 一\n---\n正文。\n");
  write_tmp ("b2.md", "---\nheadline: 二\nid: b1\n---\n正文。\n");
  pb_edition *ed = load_edition (
    "colour: red\n"
    "pages:\n"
    "  - number: 1\n"
    "    articles:\n"
    "      - src: b1.md\n"
    "        at: {col: 1, row: 1, cols: 3, rows: 5}\n"      /* 3 columns on a 2-column grid */
    "      - src: b2.md\n"
    "        at: {col: 1, row: 1, cols: 1, rows: 5}\n"      /* overlaps b1 */
    "      - src: missing.md\n", d);
  CHECK (HAS_WARNING (d, "edition.yaml:4:1", "unknown key 'colour'"));
  CHECK (HAS_ERROR (d, "edition.yaml:9:13", "outside the grid"));
  CHECK (HAS_ERROR (d, "edition.yaml:11:13", "overlaps"));
  CHECK (HAS_ERROR (d, "missing.md", "cannot read"));
  CHECK (HAS_ERROR (d, "b2.md:3:5", "article id 'b1' is also used"));
  CHECK (pb_diagnostics_count_severity (d, PB_SEVERITY_ERROR) >= 4);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
}

static void
edition_bad_files (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  /* unknown layout */
  const char *p = write_tmp ("e1.yaml", "paper: 报\ndate: 2026-11-26\nlayout: nosuch\npages:\n  - number: 1\n");
  pb_edition *e1 = pb_parse_edition (p, PB_SOURCE_DIR "/layouts", d);
  CHECK (pb_diagnostics_has_errors (d));
  pb_edition_destroy (e1);
  CHECK (HAS_ERROR (d, "e1.yaml:3:9", "unknown layout 'nosuch'"));
  /* bad YAML, missing paper, bad date */
  p = write_tmp ("e2.yaml", "paper: [报\n");
  CHECK (pb_parse_edition (p, NULL, d) == NULL);
  CHECK (HAS_ERROR (d, "e2.yaml:2:1", "YAML syntax"));
  p = write_tmp ("e3.yaml", "date: 2026-02-30\npages: []\n");
  pb_edition *ed = pb_parse_edition (p, NULL, d);
  CHECK (HAS_ERROR (d, "e3.yaml:1:1", "missing required key 'paper'"));
  CHECK (HAS_ERROR (d, "e3.yaml:1:7", "real date"));
  CHECK (HAS_ERROR (d, "e3.yaml:2:8", "non-empty list"));
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
}

static void
layout_errors (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_arena *a = pb_arena_create ();
  const char *p = write_tmp ("lay1.yaml", "page: {width: 100mm, height: 100mm}\n"
                             "grid: {columns: 0, pitch: -3pt}\nstyles:\n  body: {size: 9pt, weight: heavy, colour: red}\n");
  CHECK (pb_parse_template (a, p, NULL, (pb_pos) {0}, d) == NULL);
  CHECK (HAS_ERROR (d, "lay1.yaml:2:17", "'columns' is 0"));
  CHECK (HAS_ERROR (d, "lay1.yaml:2:27", "'pitch' is out of range"));
  CHECK (HAS_ERROR (d, "lay1.yaml:4:29", "unknown weight 'heavy'"));
  CHECK (HAS_WARNING (d, "lay1.yaml:4:36", "unknown key 'colour'"));
  p = write_tmp ("lay2.yaml", "page: {width: 100mm, height: 100mm}\n"
                 "grid: {columns: 2, gutter: 120mm}\n");
  CHECK (pb_parse_template (a, p, NULL, (pb_pos) {0}, d) == NULL);
  CHECK (HAS_ERROR (d, "lay2.yaml:2:7", "narrower than two body characters"));
  /* the shipped layouts are valid, with whole-character columns */
  static const char *const names[] = {"a4", "broadsheet", "tabloid"};
  for (int i = 0; i < 3; i++) {
    pb_template *t = pb_parse_template (a, names[i], PB_SOURCE_DIR "/layouts", (pb_pos) {0}, d);
    CHECK (t != NULL);
    if (t)
      INT_EQ (t->column_w % t->style[PB_ROLE_BODY].size, 0);
  }
  pb_template *b = pb_parse_template (a, "broadsheet", PB_SOURCE_DIR "/layouts", (pb_pos) {0}, d);
  if (b) {
    INT_EQ (b->columns, 8);
    INT_EQ (b->style[PB_ROLE_BODY].size, PB_PT (9));
  }
  pb_arena_destroy (a);
  pb_diagnostics_destroy (d);
}

/* Short Chinese copy saved in GBK or Big5 (a one-line brief, a headline
 * and a sentence) is named as GB18030 or Big5, never as Latin-1 — whose
 * iconv command would turn it into accented letters: every pair of a
 * headline and a sentence from the lists, in both encodings. */
static void
short_copy_encodings (void)
{
  static const char *const heads[][2] = {{"短讯", "短訊"}, {"天气", "天氣"}, {"通知", "通知"},
                                         {"会议召开", "會議召開"}, {"新闻", "新聞"}, {"简讯", "簡訊"}};
  static const char *const lines[][2] = {
    {"今天天气很好。", "今天天氣很好。"}, {"会议在北京举行。", "會議在北京舉行。"},
    {"记者从市政府获悉。", "記者從市政府獲悉。"}, {"这是一条简短的消息。", "這是一條簡短的消息。"},
    {"全市新增岗位三千个。", "全市新增崗位三千個。"}, {"学校明天开学。", "學校明天開學。"}};
  static const char *const enc[] = {"GB18030", "Big5"};
  int n = 0;
  for (size_t h = 0; h < 6; h++)
    for (size_t l = 0; l < 6; l++)
      for (int e = 0; e < 2; e++) {
        char utf8[256], bytes[512];
        snprintf (utf8, sizeof utf8, "---\nheadline: %s\n---\n%s\n", heads[h][e], lines[l][e]);
        UErrorCode err = U_ZERO_ERROR;
        int32_t len = ucnv_convert (enc[e], "UTF-8", bytes, sizeof bytes - 1, utf8, -1, &err);
        CHECK (U_SUCCESS (err));
        bytes[len] = 0;
        pb_diagnostics *d = pb_diagnostics_create ();
        pb_arena *a = pb_arena_create ();
        pb_article *art = pb_parse_article (a, write_tmp ("short.md", bytes), PB_LANG_ZH_HANS, d);
        char want[64];
        snprintf (want, sizeof want, "this file looks like %s", e ? "Big5" : "GB18030 (GBK)");
        if (art || !HAS_ERROR (d, "short.md", want)) {
          fprintf (stderr, "  %s in %s: not named as %s\n", utf8, enc[e], enc[e]);
          dump_diags (d);
          CHECK (0);
        }
        n++;
        pb_arena_destroy (a);
        pb_diagnostics_destroy (d);
      }
  INT_EQ (n, 72);
}

/* Copy normalisation never changes a web address or a code span, and
 * turns parentheses full-width in pairs: 3,000 paragraphs of Chinese
 * pieces, addresses (with Han, parentheses, underscores) and code spans,
 * in both scripts. */
static void
normalisation_keeps_addresses (void)
{
  static const char *const words[] = {"详见", "记者从市政府获悉", "，", "。", "也可访问", "（见附件）", "(见附件)",
                                      "他说:", "\"好\"", "代码", "输出", " ", "2026年", "4,000", "10:30"};
  static const char *const urls[] = {"https://zh.wikipedia.org/wiki/长城_(消歧义)", "https://例子.中国/新闻",
                                     "www.example-tourism.gov.cn/news/2026/notice.html", "http://x.cn/a?b=1&c=d#(x)",
                                     "ftp://files.example.org/pub/(old)/a.txt", "www.example.cn/a_(b)"};
  static const char *const code[] = {"print(\"你好\")", "a, b = (1, 2)", "x := \"中\"..."};
  pb_arena *a = pb_arena_create ();
  unsigned seed = 7;
  for (int round = 0; round < 3000; round++) {
    char text[2048] = "";
    const char *url = NULL, *cs = NULL;
    pb_span span = {0};
    for (int k = 0; k < 8; k++) {
      seed = seed * 1103515245u + 12345u;
      unsigned r = (seed >> 16) % 20;
      if (r == 0 && !url) {
        url = urls[(seed >> 8) % 6];
        strcat (text, url);
      } else if (r == 1 && !cs) {
        cs = code[(seed >> 8) % 3];
        span = (pb_span) {strlen (text), strlen (text) + strlen (cs), PB_SPAN_VERBATIM};
        strcat (text, cs);
      } else
        strcat (text, words[r % 15]);
    }
    pb_norm_counts counts = {0};
    size_t out_len;
    pb_lang lang = round % 2 ? PB_LANG_ZH_HANT : PB_LANG_ZH_HANS;
    char *out = pb_normalize_text (a, text, strlen (text), cs ? &span : NULL, cs ? 1 : 0, lang, false, &counts,
                                   &out_len);
    CHECK (out != NULL);
    if (!out)
      break;
    bool kept = (!url || strstr (out, url)) && (!cs || (out_len >= span.end && span.end - span.start == strlen (cs) &&
                                                       memcmp (out + span.start, cs, strlen (cs)) == 0));
    int half = 0, full = 0;
    for (const char *q = out; *q; q++)
      half += *q == '(' ? 1 : *q == ')' ? -1 : 0;
    for (const char *q = out; (q = strstr (q, "（")); q += 3)
      full++;
    for (const char *q = out; (q = strstr (q, "）")); q += 3)
      full--;
    if (!kept || half != 0 || full != 0) {
      fprintf (stderr, "  \"%s\" became \"%s\"\n", text, out);
      CHECK (0);
      break;
    }
  }
  pb_arena_destroy (a);
}

int
main (void)
{
  static const pb_test_case cases[] = {
    {"article_fields", article_fields},
    {"article_defaults_and_deck_string", article_defaults_and_deck_string},
    {"article_figure", article_figure},
    {"article_blank_fields", article_blank_fields},
    {"article_photo_numbers", article_photo_numbers},
    {"article_errors", article_errors},
    {"edition_good", edition_good},
    {"edition_errors_all_in_one_run", edition_errors_all_in_one_run},
    {"edition_bad_files", edition_bad_files},
    {"layout_errors", layout_errors},
    {"short_copy_encodings", short_copy_encodings},
    {"normalisation_keeps_addresses", normalisation_keeps_addresses},
  };
  return pb_test_run (cases, sizeof cases / sizeof cases[0]);
}
