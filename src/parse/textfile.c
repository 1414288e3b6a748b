/* Text files as reporters save them: UTF-8 with or without a byte-order
 * mark, CRLF or CR line ends; copy in another encoding (GB18030/GBK,
 * Big5, UTF-16, Shift_JIS, Latin-1 …) is recognised with ICU's charset
 * detector and refused with the command that converts it — or converted
 * with ICU when the file declares its encoding (`encoding: gb18030`). */
#include "parse/parse.h"
#include "parse/yaml.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

/* Line and column (in characters) of byte `at` of UTF-8-ish text. */
static void
line_col (const char *s, size_t at, int *line, int *col)
{
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < at; i++) {
    if (s[i] == '\n') {
      (*line)++;
      *col = 1;
    } else if (((unsigned char) s[i] & 0xC0) != 0x80)
      (*col)++;
  }
}

/* Counts valid multi-byte UTF-8 sequences and invalid bytes. */
static void
utf8_census (const char *s, size_t len, size_t *multibyte, size_t *invalid, size_t *first_bad)
{
  *multibyte = *invalid = 0;
  *first_bad = SIZE_MAX;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = pb_utf8_decode (s + i, len - i, &cp);
    if (n == 0 || cp == 0) {
      if (*first_bad == SIZE_MAX)
        *first_bad = i;
      (*invalid)++;
      i++;
      continue;
    }
    *multibyte += n > 1;
    i += n;
  }
}

/* The value of an `encoding:` line near the top of the file (a key of the
 * YAML or of the front matter), or NULL; *line its line. */
static char *
declared_encoding (const char *s, size_t len, int *line)
{
  size_t limit = len < 8192 ? len : 8192;
  int ln = 1;
  size_t start = limit >= 3 && memcmp (s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a byte-order mark */
  for (size_t i = start; i < limit; ln++) {
    size_t e = i;
    while (e < limit && s[e] != '\n' && s[e] != '\r')
      e++;
    if (e - i > 9 && memcmp (s + i, "encoding:", 9) == 0) {
      size_t a = i + 9;
      while (a < e && (s[a] == ' ' || s[a] == '\t' || s[a] == '"' || s[a] == '\''))
        a++;
      size_t b = a;
      while (b < e && (((s[b] | 0x20) >= 'a' && (s[b] | 0x20) <= 'z') || (s[b] >= '0' && s[b] <= '9') ||
                       s[b] == '-' || s[b] == '_' || s[b] == '.'))
        b++;
      *line = ln;
      return b > a ? pb_strndup (s + a, b - a) : NULL;
    }
    i = e + (e + 1 < limit && s[e] == '\r' && s[e + 1] == '\n' ? 2 : 1);
  }
  return NULL;
}

/* Characters of everyday Chinese news copy, Simplified and Traditional
 * (the commonest few hundred of each): text read in its own encoding is
 * full of them; read in the wrong one, it is rare characters. */
static const char common_han[] =
  "的一是不了在人有我他这這个個们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于"
  "着著下自之年过過发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天"
  "分还還进進好小部其些主样樣理心她本前开開但因只从從想实實日者意无無力它与與长長把机機十民第公此已工使情"
  "明性知全三又关關点點正业業外将將两兩高间間由问問很最重并物手应應向头頭文体體政美相见見被利二等产產或新"
  "制身果加西月话話合回特代内內信表化老给給世位次度门門任常先海通教儿兒原东東声聲提立及比员員解水名真论論处"
  "處走义義各入几幾口认認条條平系气氣题題活更别別打女变變四总總电電数數安少报報才结結反受目量再感建务務做接"
  "必场場件计計管期市直资資命山金指许許统統区區保至队隊形社便空决決治展马馬科司五基书書非则則听聽白界达達光"
  "放强強即难難且权權思象完设設式色路记記南品住告类類求据據程北边邊张張该該交规規万萬取望觉覺术術领領共确確"
  "传傳师師观觀清今院让讓识識带帶运運步改收根言联聯持组組每济濟车車亲親极極林服快办辦议議元证證近转轉令准始"
  "存未远遠台单單影具字爱愛流备備连連调調深商算质質团團百需价價花华華城级級府离離况況请請技际際约約示复復病"
  "线線官火断斷精满滿支视視越容须須九增研写寫称稱企八功包片史查轻輕易早农農找装裝广廣显顯图圖念六历歷首医醫"
  "局专專费費号號周较較注语語考落青选選列武红紅响響虽雖推势勢参參希古众眾构構房半节節土投案维維革划劃致陈陳"
  "律足态態护護七兴興派验驗责責营營星够夠章音跟志站严嚴例防族供效续續施留讲講型料终終答紧緊黄黃绝絕奇察母京"
  "段依群项項故按河米江境客纪紀采举舉父苏蘇低友止细細千值仍钱錢网網热熱助育属屬速刻乐樂否状狀率球般普"
  "。，、：；？！“”（）《》";

/* How many characters of the s_len bytes, read as enc, are everyday
 * Chinese (common_han); -1 when they do not read as enc at all (an
 * illegal or unassigned sequence) or hold characters Chinese copy
 * would not (Latin-1 bytes read as GBK give Greek, Cyrillic, kana …). */
static int
chinese_score (const char *enc, const char *s, size_t len)
{
  UErrorCode err = U_ZERO_ERROR;
  UConverter *cnv = ucnv_open (enc, &err);
  if (U_FAILURE (err))
    return -1;
  ucnv_setToUCallBack (cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
  const char *p = s, *end = s + (len > 65536 ? 65536 : len);
  int score = 0, han = 0, sandwiched = 0;
  UChar32 prev = 0, prev2 = 0;
  while (p < end && U_SUCCESS (err)) {
    UChar32 c = ucnv_getNextUChar (cnv, &p, end, &err);
    if (U_FAILURE (err))
      break;
    bool cjk = (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
    if (c >= 0x80 && !cjk && c != 0x201C && c != 0x201D && c != 0x2018 && c != 0x2019 && c != 0x2014 &&
        c != 0x2026 && c != 0xB7)
      err = U_INVALID_CHAR_FOUND;
    /* a Han character between two Latin letters (P?iodique) is an
     * accented letter and the one after it, read as one GBK pair */
    if (prev >= 0x4E00 && prev <= 0x9FFF && prev2 < 0x80 && isalpha (prev2) && c < 0x80 && isalpha (c))
      sandwiched++;
    han += cjk;
    if (cjk || c >= 0x2000) {
      char u[5] = {0};
      int32_t k = 0;
      UBool bad = false;
      U8_APPEND (u, k, 4, c, bad);
      score += !bad && strstr (common_han, u) != NULL;
    }
    prev2 = prev;
    prev = c;
  }
  ucnv_close (cnv);
  return U_FAILURE (err) || han < 2 || sandwiched * 5 > han ? -1 : score;
}

/* Do two encoding names (aliases: gbk, GB18030; utf8, UTF-8) name one
 * converter of ICU's? */
static bool
same_encoding (const char *a, const char *b)
{
  UErrorCode ea = U_ZERO_ERROR, eb = U_ZERO_ERROR;
  UConverter *ca = ucnv_open (a, &ea), *cb = ucnv_open (b, &eb);
  bool same = U_SUCCESS (ea) && U_SUCCESS (eb) && strcmp (ucnv_getName (ca, &ea), ucnv_getName (cb, &eb)) == 0;
  if (ca)
    ucnv_close (ca);
  if (cb)
    ucnv_close (cb);
  return same;
}

/* How many everyday Chinese characters the valid UTF-8 of s holds. */
static int
utf8_score (const char *s, size_t len)
{
  int score = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t k = pb_utf8_decode (s + i, len - i, &cp);
    if (k == 0) {
      i++;
      continue;
    }
    if (k > 1) {
      char u[5] = {0};
      memcpy (u, s + i, k);
      score += strstr (common_han, u) != NULL;
    }
    i += k;
  }
  return score;
}

/* "GB18030" or "Big5" when s reads as everyday Chinese in it better than
 * as UTF-8 (utf8: that reading's score); NULL otherwise. */
static const char *
chinese_reading (const char *s, size_t len, int utf8)
{
  int gb = chinese_score ("GB18030", s, len), big5 = chinese_score ("Big5", s, len);
  if (gb >= 2 && gb >= big5 && gb > utf8)
    return "GB18030";
  if (big5 >= 2 && big5 > utf8)
    return "Big5";
  return NULL;
}

/* ICU's guess at the encoding, or NULL.  Short Chinese copy in GBK or
 * Big5 often looks like Latin-1 to ICU (two bytes a character, all of
 * them letters of Latin-1): when ICU says a Latin single-byte encoding
 * and the bytes read cleanly as Chinese in GB18030 or Big5, the one that
 * gives more everyday Chinese is taken. */
static char *
detect (const char *s, size_t len)
{
  UErrorCode err = U_ZERO_ERROR;
  UCharsetDetector *det = ucsdet_open (&err);
  char *name = NULL;
  if (U_SUCCESS (err)) {
    ucsdet_setText (det, s, (int32_t) (len > 65536 ? 65536 : len), &err);
    const UCharsetMatch *m = U_SUCCESS (err) ? ucsdet_detect (det, &err) : NULL;
    const char *n = m && U_SUCCESS (err) ? ucsdet_getName (m, &err) : NULL;
    if (n && U_SUCCESS (err))
      name = pb_strdup (n);
  }
  ucsdet_close (det);
  if (name && (strncmp (name, "ISO-8859-", 9) == 0 || strncmp (name, "windows-125", 11) == 0)) {
    int gb = chinese_score ("GB18030", s, len), big5 = chinese_score ("Big5", s, len);
    const char *cjk = gb >= 1 && gb >= big5 ? "GB18030" : big5 >= 1 ? "Big5" : NULL;
    if (cjk) {
      free (name);
      name = pb_strdup (cjk);
    }
  }
  return name;
}

/* Whether the m bytes at u, read as `enc` (UTF-16LE/BE, UTF-32LE/BE), are
 * text: characters, no controls but tab and line ends, surrogates paired
 * (a unit cut at the end of the sample is allowed). Binary data read so
 * makes controls within a few units. */
static bool
plausible_text (const unsigned char *u, size_t m, const char *enc)
{
  bool be = enc[6] == 'B', wide32 = enc[4] == '3';
  size_t w = wide32 ? 4 : 2;
  for (size_t i = 0; i + w <= m; i += w) {
    uint32_t c = wide32 ? (be ? (uint32_t) u[i] << 24 | (uint32_t) u[i + 1] << 16 | (uint32_t) u[i + 2] << 8 | u[i + 3]
                              : (uint32_t) u[i + 3] << 24 | (uint32_t) u[i + 2] << 16 | (uint32_t) u[i + 1] << 8 | u[i])
                        : (be ? (uint32_t) u[i] << 8 | u[i + 1] : (uint32_t) u[i + 1] << 8 | u[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c < 0xA0) || c == 0xFFFE ||
        c == 0xFFFF || c > 0x10FFFF || (wide32 && c >= 0xD800 && c < 0xE000))
      return false;
    if (!wide32 && c >= 0xDC00 && c < 0xE000)
      return false; /* a low surrogate alone */
    if (!wide32 && c >= 0xD800 && c < 0xDC00) {
      if (i + 4 > m)
        break;
      uint32_t d = be ? (uint32_t) u[i + 2] << 8 | u[i + 3] : (uint32_t) u[i + 3] << 8 | u[i + 2];
      if (d < 0xDC00 || d >= 0xE000)
        return false;
      i += 2;
    }
  }
  return true;
}

/* "UTF-32LE", "UTF-32BE", "UTF-16LE" or "UTF-16BE" when the n bytes at s
 * are text in a wide encoding: a byte-order mark, or NUL bytes that ICU's
 * detector or their places (all at odd or all at even offsets, or three
 * in four) explain; NULL otherwise (UTF-8, a byte encoding, binary data). */
static const char *
wide_encoding (const char *s, size_t n)
{
  const unsigned char *u = (const unsigned char *) s;
  if (n >= 4 && memcmp (u, "\xFF\xFE\0\0", 4) == 0)
    return "UTF-32LE";
  if (n >= 4 && memcmp (u, "\0\0\xFE\xFF", 4) == 0)
    return "UTF-32BE";
  if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
    return "UTF-16LE";
  if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
    return "UTF-16BE";
  if (!memchr (s, 0, n) || n % 2)
    return NULL;
  size_t at[4] = {0}, m = n < 65536 ? n : 65536;
  for (size_t i = 0; i < m; i++)
    at[i % 4] += u[i] == 0;
  const char *cand = NULL;
  /* UTF-32: the top byte of every unit is zero; UTF-16: NULs on one side
   * only (ASCII, line ends and spaces in CJK copy) */
  if (n % 4 == 0 && at[3] * 4 >= m && at[2] * 4 >= m * 9 / 10)
    cand = "UTF-32LE";
  else if (n % 4 == 0 && at[0] * 4 >= m && at[1] * 4 >= m * 9 / 10)
    cand = "UTF-32BE";
  else if (at[0] + at[2] == 0)
    cand = "UTF-16LE";
  else if (at[1] + at[3] == 0)
    cand = "UTF-16BE";
  static const char *const wide[] = {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"};
  char *g = cand ? NULL : detect (s, n);
  for (size_t i = 0; g && i < 4 && !cand; i++)
    if (strcmp (g, wide[i]) == 0)
      cand = wide[i];
  free (g);
  return cand && plausible_text (u, m & ~(size_t) 3, cand) ? cand : NULL;
}

/* How a desk knows the encoding ICU names. */
static const char *
encoding_label (const char *icu)
{
  static const struct { const char *icu, *label; } names[] = {
    {"GB18030", "GB18030 (GBK)"}, {"Big5", "Big5"}, {"UTF-16LE", "UTF-16 (little-endian)"},
    {"UTF-16BE", "UTF-16 (big-endian)"}, {"UTF-32LE", "UTF-32"}, {"UTF-32BE", "UTF-32"},
    {"Shift_JIS", "Shift_JIS"}, {"EUC-JP", "EUC-JP"}, {"EUC-KR", "EUC-KR"},
    {"ISO-8859-1", "Latin-1 (ISO-8859-1)"}, {"windows-1252", "Windows-1252 (Latin-1)"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp (names[i].icu, icu) == 0)
      return names[i].label;
  return icu;
}

/* Converts len bytes in `from` to UTF-8 with ICU; NULL when the converter
 * is unknown (*unknown set) or memory runs out. */
static char *
to_utf8 (const char *from, const char *s, size_t len, size_t *out_len, bool *unknown)
{
  UErrorCode err = U_ZERO_ERROR;
  UConverter *cnv = ucnv_open (from, &err);
  *unknown = U_FAILURE (err);
  if (*unknown)
    return NULL;
  ucnv_close (cnv);
  if (len > INT32_MAX / 4)
    return NULL;
  int32_t cap = (int32_t) len * 3 + 16;
  char *out = pb_malloc ((size_t) cap);
  if (!out)
    return NULL;
  err = U_ZERO_ERROR;
  int32_t n = ucnv_convert ("UTF-8", from, out, cap, s, (int32_t) len, &err);
  if (U_FAILURE (err)) {
    free (out);
    return NULL;
  }
  *out_len = (size_t) n;
  return out;
}

/* U+FFFD, SUB and private-use characters in converted text: what a wrong
 * encoding declaration leaves. */
static size_t
suspicious_characters (const char *s, size_t len)
{
  size_t odd = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp = 0;
    size_t n = pb_utf8_decode (s + i, len - i, &cp);
    if (!n) {
      i++;
      continue;
    }
    odd += cp == 0xFFFD || cp == 0x1A || (cp >= 0xE000 && cp <= 0xF8FF);
    i += n;
  }
  return odd;
}

/* CRLF and CR line ends become LF, in place. */
static size_t
unify_line_ends (char *s, size_t len)
{
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '\r') {
      s[o++] = '\n';
      if (i + 1 < len && s[i + 1] == '\n')
        i++;
    } else
      s[o++] = s[i];
  }
  s[o] = 0;
  return o;
}

/* Whether the entry e of folder dir is a file (or a link to one): a
 * folder is never suggested for a file. */
static bool
regular_file (const char *dir, const struct dirent *e)
{
  if (e->d_type == DT_REG)
    return true;
  if (e->d_type != DT_UNKNOWN && e->d_type != DT_LNK)
    return false;
  char *p = pb_path_join (dir, e->d_name);
  struct stat st;
  bool ok = p && stat (p, &st) == 0 && S_ISREG (st.st_mode);
  free (p);
  return ok;
}

bool
pb_is_web_address (const char *src)
{
  if (!src)
    return false;
  if (strncasecmp (src, "data:", 5) == 0)
    return true;
  size_t i = 0;
  if (!isalpha ((unsigned char) src[0]))
    return false;
  while (isalnum ((unsigned char) src[i]) || src[i] == '+' || src[i] == '-' || src[i] == '.')
    i++;
  return i >= 2 && strncmp (src + i, "://", 3) == 0; /* C:/ is a drive, not a scheme */
}

void
pb_web_address_error (pb_diagnostics *diags, pb_pos ref, const char *what, const char *src)
{
  /* TRANSLATORS: the first %s is "photo", "article", "ad" or "layout" */
  pb_error (diags, "file", ref,
            "the %s '%s' is a web address: paiban reads files on this machine and downloads nothing; "
            "save it into the edition's folder and give its path",
            what, src);
}

/* A file in the same folder whose name is within two edits of path's
 * (footbal.md → football.md), malloc'd; NULL when there is none. */
char *
pb_similar_file (const char *path)
{
  char *dir = pb_path_dirname (path);
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  DIR *d = dir ? opendir (dir) : NULL;
  PB_VEC (char *) names = {0};
  struct dirent *e;
  while (d && (e = readdir (d)))
    if (e->d_name[0] != '.' && regular_file (dir, e)) {
      char *n = pb_strdup (e->d_name);
      if (n && !PB_VEC_PUSH (names, n))
        free (n);
    }
  if (d)
    closedir (d);
  char *found = NULL;
  if (names.n && PB_VEC_PUSH (names, NULL)) {
    const char *near = pb_yaml_suggest (base, (const char *const *) names.v);
    if (near)
      found = strcmp (dir, ".") == 0 ? pb_strdup (near) : pb_path_join (dir, near);
  }
  for (size_t i = 0; i < names.n; i++)
    free (names.v[i]);
  PB_VEC_FREE (names);
  free (dir);
  return found;
}

void
pb_read_error (pb_diagnostics *diags, pb_pos ref, bool photo, const char *path, int err, size_t max)
{
  char *why = pb_file_error (err, max);
  char *near = err == ENOENT ? pb_similar_file (path) : NULL;
  const char *w = why ? why : "";
  if (photo && near)
    pb_error (diags, "image", ref, "cannot read photo %s: %s (did you mean %s?)", path, w, near);
  else if (photo)
    pb_error (diags, "image", ref, "cannot read photo %s: %s", path, w);
  else if (near)
    pb_error (diags, "file", ref, "cannot read %s: %s (did you mean %s?)", path, w, near);
  else
    pb_error (diags, "file", ref, "cannot read %s: %s", path, w);
  free (near);
  free (why);
}

char *
pb_read_text_file (pb_arena *arena, const char *path, pb_pos ref, size_t *len, pb_file_stamp *stamp,
                   pb_diagnostics *diags)
{
  size_t n;
  const char *file = pb_arena_strdup (arena, path);
  pb_pos at_file = {file, 1, 1};
  char *raw = pb_file_read (path, PB_MAX_TEXT_FILE_BYTES, &n, stamp);
  if (!raw) {
    pb_read_error (diags, ref.file ? ref : (pb_pos) {file, 0, 0}, false, path, errno, PB_MAX_TEXT_FILE_BYTES);
    return NULL;
  }
  char *text = raw;
  size_t tlen = n, skip = 0;
  /* wide encodings: by their byte-order mark, else by ICU's detector or
   * the pattern of NUL bytes (ASCII in UTF-16 has one in every two) */
  const char *wide = wide_encoding (raw, n);
  if (n >= 3 && memcmp (raw, "\xEF\xBB\xBF", 3) == 0)
    skip = 3; /* a UTF-8 byte-order mark, as Windows editors write */
  size_t mb, bad, first_bad;
  utf8_census (raw + skip, n - skip, &mb, &bad, &first_bad);
  /* a few bad bytes in otherwise UTF-8 copy are damage (replaced and
   * warned); no multi-byte UTF-8 at all, or mostly bad, is another
   * encoding */
  bool utf16 = wide != NULL;
  bool foreign = utf16 || (bad > 0 && (mb == 0 || bad > mb));
  /* short GBK or Big5 copy can look like UTF-8 with a few bad bytes (some
   * of its pairs are UTF-8 sequences): it is Chinese when it reads as
   * more everyday Chinese in one of them */
  const char *cjk = !foreign && bad > 0 ? chinese_reading (raw + skip, n - skip, utf8_score (raw + skip, n - skip))
                                        : NULL;
  foreign |= cjk != NULL;
  const char *nul = utf16 ? NULL : memchr (raw, 0, n);
  if (nul) {
    int line, col;
    line_col (raw, (size_t) (nul - raw), &line, &col);
    pb_error (diags, "encoding", ((pb_pos) {file, line, col}),
              "this is not a text file (it holds binary data: a NUL byte at byte %zu)", (size_t) (nul - raw));
    free (raw);
    return NULL;
  }
  if (foreign) {
    char *guess = utf16 ? pb_strdup (wide) : cjk ? pb_strdup (cjk) : detect (raw, n);
    /* a declaration in the file wins; UTF-16 is decoded first to read it */
    int dline = 0;
    char *declared = NULL;
    if (utf16) {
      bool unknown;
      size_t ul;
      char *u = to_utf8 (guess, raw, n, &ul, &unknown);
      declared = u ? declared_encoding (u, ul, &dline) : NULL;
      free (u);
    } else
      declared = declared_encoding (raw, n, &dline);
    if (declared) {
      bool unknown = false;
      size_t cl = 0;
      char *conv = to_utf8 (declared, raw, n, &cl, &unknown);
      if (unknown)
        pb_diag_add (diags, PB_SEVERITY_ERROR, "encoding", ((pb_pos) {file, dline, 1}), declared,
                     "unknown encoding '%s' (e.g. gb18030, big5, big5-hkscs, utf-16, shift_jis, euc-jp, "
                     "iso-8859-1)", declared);
      else if (!conv)
        pb_error (diags, "memory", at_file, "out of memory converting the file from %s", declared);
      else {
        /* the declaration may be wrong (GBK saved, big5 declared): bytes
         * that are not characters of it, or land in its private-use area */
        size_t odd = suspicious_characters (conv, cl);
        /* Latin-1 reads any bytes: Chinese saved as GBK and declared
         * windows-1252 is accented garbage without one odd character */
        const char *cjk_bytes = (strncasecmp (declared, "iso-8859", 8) == 0 || strncasecmp (declared, "windows-125", 11) == 0 ||
                                 strncasecmp (declared, "latin", 5) == 0 || strncasecmp (declared, "cp125", 5) == 0)
                                  ? chinese_reading (raw, n, 0) : NULL;
        bool other = guess && !same_encoding (guess, declared);
        if (cjk_bytes) {
          pb_diag_add (diags, PB_SEVERITY_ERROR, "encoding", ((pb_pos) {file, dline, 1}), declared,
                       "this file declares %s, but its bytes read as Chinese in %s: declare encoding: %s (or save "
                       "the file as UTF-8 and remove the line)", declared, encoding_label (cjk_bytes), cjk_bytes);
          free (conv);
          conv = NULL;
        } else if (odd && guess && other) {
          /* the bytes say another encoding: printing them as declared
           * would be garbage on the page */
          pb_diag_add (diags, PB_SEVERITY_ERROR, "encoding", ((pb_pos) {file, dline, 1}), declared,
                       "%zu characters of this file are not characters of %s (replaced, or private-use): is "
                       "it really %s?  ICU's detector says %s", odd, declared, declared, encoding_label (guess));
          free (conv);
          conv = NULL;
        } else if (odd && guess)
          pb_diag_add (diags, PB_SEVERITY_WARNING, "encoding", ((pb_pos) {file, dline, 1}), declared,
                       "%zu characters of this file are not characters of %s (replaced, or private-use): is "
                       "it really %s?  ICU's detector says %s", odd, declared, declared, encoding_label (guess));
        else if (odd)
          pb_diag_add (diags, PB_SEVERITY_WARNING, "encoding", ((pb_pos) {file, dline, 1}), declared,
                       "%zu characters of this file are not characters of %s (replaced, or private-use): is "
                       "it really %s?", odd, declared, declared);
      }
      free (declared);
      free (guess);
      free (raw);
      if (!conv)
        return NULL;
      text = conv;
      tlen = cl;
      skip = tlen >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    } else {
      int line = 1, col = 1;
      if (!utf16 && first_bad != SIZE_MAX)
        line_col (raw, first_bad, &line, &col);
      const char *label = guess ? encoding_label (guess) : "not UTF-8";
      pb_buf cmd = {0};
      char *conv = pb_printf ("%s.utf8", path);
      pb_buf_printf (&cmd, "iconv -f %s -t UTF-8 ", guess ? guess : "GB18030");
      pb_buf_shell_quote (&cmd, path);
      pb_buf_puts (&cmd, " > ");
      pb_buf_shell_quote (&cmd, conv ? conv : "converted");
      pb_buf_puts (&cmd, " && mv ");
      pb_buf_shell_quote (&cmd, conv ? conv : "converted");
      pb_buf_puts (&cmd, " ");
      pb_buf_shell_quote (&cmd, path);
      free (conv);
      pb_error (diags, "encoding", ((pb_pos) {file, line, col}),
                "this file looks like %s; save it as UTF-8 (%s), or declare its encoding in it "
                "(encoding: %s)", label, cmd.data ? cmd.data : "", guess ? guess : "gb18030");
      pb_buf_free (&cmd);
      free (guess);
      free (raw);
      return NULL;
    }
  }
  if (!foreign) {
    /* UTF-8 copy that declares another encoding: the declaration is not
     * used (an unknown name is an error, as in any file) */
    int dline = 0;
    char *declared = declared_encoding (text, tlen, &dline);
    UErrorCode err = U_ZERO_ERROR;
    UConverter *cnv = declared ? ucnv_open (declared, &err) : NULL;
    if (declared && U_FAILURE (err))
      pb_diag_add (diags, PB_SEVERITY_ERROR, "encoding", ((pb_pos) {file, dline, 1}), declared,
                   "unknown encoding '%s' (e.g. gb18030, big5, big5-hkscs, utf-16, shift_jis, euc-jp, "
                   "iso-8859-1)", declared);
    else if (declared && ucnv_compareNames (declared, "UTF-8") != 0 && bad == 0 && mb > 0)
      pb_diag_add (diags, PB_SEVERITY_WARNING, "encoding", ((pb_pos) {file, dline, 1}), declared,
                   "this file is UTF-8, not %s as its encoding line says: it is read as UTF-8 (remove the "
                   "line)", declared);
    if (cnv)
      ucnv_close (cnv);
    free (declared);
  }
  if (tlen - skip == 0 || strspn (text + skip, " \t\r\n") == tlen - skip) {
    pb_error (diags, "empty", at_file, "the file is empty");
    free (text);
    return NULL;
  }
  tlen = skip + unify_line_ends (text + skip, tlen - skip);
  size_t out_len;
  char *clean = pb_utf8_sanitize (text + skip, tlen - skip, &out_len, &first_bad);
  if (clean && first_bad != SIZE_MAX) {
    int line, col;
    line_col (text + skip, first_bad, &line, &col);
    pb_warning (diags, "utf8", ((pb_pos) {file, line, col}), "invalid UTF-8 (byte 0x%02X) replaced by U+FFFD",
                (unsigned char) text[skip + first_bad]);
  }
  free (text);
  char *r = clean ? pb_arena_strndup (arena, clean, out_len) : NULL;
  free (clean);
  if (!r) {
    pb_error (diags, "memory", at_file, "out of memory reading the file");
    return NULL;
  }
  *len = out_len;
  return r;
}
