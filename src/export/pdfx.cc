// pdfx: cairo's PDF of the press pages → PDF/X, with qpdf (ISO 15930-1
// PDF/X-1a:2001; ISO 15930-7 PDF/X-4).  The one C++ file of the library:
// qpdf's content-stream tokenizer, object model and writer are C++ only.
//
// cairo writes every colour as DeviceRGB.  The press render draws each
// colour of the display list as a key (the RGB value of its index in a
// palette), so each `r g b rg` here is mapped back to the ink the colour
// was given, exactly; a key that is not in the palette is an error.
// Nothing of the library's C side is used here but the plain interface of
// pdfx.h; every qpdf exception ends in an error message.
#include "export/pdfx.h"

// qpdf 11: smart pointers only (no PointerHolder)
#define POINTERHOLDER_TRANSITION 4

#include <qpdf/Buffer.hh>
#include <qpdf/Pl_Flate.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFLogger.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// Overprint state as the graphics state holds it: fill (op) and stroke
// (OP); -1 unknown (a form XObject, drawn in its caller's state).
struct OverprintState {
  int fill = 0, stroke = 0;
};

// Four ExtGStates, one per combination of stroke and fill overprint, each
// with OPM 1 (ISO 32000-1 8.6.7: a zero CMYK component leaves that plate
// alone, so black text overprints without knocking out what is beneath).
const char *const kOverprintNames[4] = {"/PBop00", "/PBop01", "/PBop10", "/PBop11"};

std::string
number (double v)
{
  char b[32];
  std::snprintf (b, sizeof b, "%.4f", v);
  std::string s (b);
  while (s.size () > 1 && s.back () == '0')
    s.pop_back ();
  if (s.back () == '.')
    s.pop_back ();
  return s;
}

// A content-stream filter that sees each operator with its operands: the
// operands wait in pending_ until the operator (a word) comes, and op()
// writes them out with it (flush) or in its place.
class OperatorFilter : public QPDFObjectHandle::TokenFilter
{
public:
  void
  handleToken (QPDFTokenizer::Token const &t) override
  {
    switch (t.getType ()) {
    case QPDFTokenizer::tt_word:
      op (t);
      return;
    case QPDFTokenizer::tt_inline_image:
      inlineImage (t);
      flush ();
      writeToken (t);
      return;
    case QPDFTokenizer::tt_bad:
      throw std::runtime_error ("a content stream qpdf cannot read");
    default:
      pending_.push_back (t);
      return;
    }
  }

protected:
  // an operator; its operands are in pending_
  virtual void op (QPDFTokenizer::Token const &t) = 0;
  // an inline image's data (after BI … ID, which came as words)
  virtual void
  inlineImage (QPDFTokenizer::Token const &)
  {
  }

  void
  flush ()
  {
    for (auto const &t : pending_)
      writeToken (t);
    pending_.clear ();
  }

  std::vector<QPDFTokenizer::Token> pending_;
};

class InkFilter : public OperatorFilter
{
public:
  InkFilter (const pb_pdfx_params *p, bool form) : p_ (p)
  {
    if (form)
      state_.fill = state_.stroke = -1;
  }

  void
  handleEOF () override
  {
    flush ();
  }

private:
  void
  inlineImage (QPDFTokenizer::Token const &t) override
  {
    // cairo inlines only small images; an RGB one cannot print
    if (t.getValue ().find ("/RGB") != std::string::npos || t.getValue ().find ("/DeviceRGB") != std::string::npos)
      throw std::runtime_error ("an inline RGB image in a page");
  }

  std::vector<double>
  numbers ()
  {
    std::vector<double> v;
    for (auto const &t : pending_)
      if (t.getType () == QPDFTokenizer::tt_integer || t.getType () == QPDFTokenizer::tt_real)
        v.push_back (std::strtod (t.getValue ().c_str (), nullptr));
    return v;
  }

  void
  op (QPDFTokenizer::Token const &t) override
  {
    std::string const &w = t.getValue ();
    if (w == "q") {
      stack_.push_back (state_);
    } else if (w == "Q") {
      if (!stack_.empty ()) {
        state_ = stack_.back ();
        stack_.pop_back ();
      }
    } else if (w == "rg" || w == "RG") {
      color (w == "RG");
      return;
    } else if (w == "ID") {
      // an inline image's dictionary: /CS (or /ColorSpace) then its space
      bool cs = false;
      for (auto const &o : pending_) {
        if (o.getType () != QPDFTokenizer::tt_name)
          continue;
        std::string const &n = o.getValue ();
        if (cs && n != "/G" && n != "/DeviceGray" && n != "/CMYK" && n != "/DeviceCMYK")
          throw std::runtime_error ("an inline image that is not CMYK or grey");
        cs = n == "/CS" || n == "/ColorSpace";
      }
    } else if (w == "cs" || w == "CS") {
      for (auto const &o : pending_)
        if (o.getType () == QPDFTokenizer::tt_name && (o.getValue () == "/DeviceRGB" || o.getValue () == "/CalRGB"))
          throw std::runtime_error ("an RGB colour space in a page");
    }
    flush ();
    writeToken (t);
  }

  void
  color (bool stroke)
  {
    std::vector<double> v = numbers ();
    if (v.size () != 3)
      throw std::runtime_error ("an RGB colour operator without three values");
    long key = 0;
    for (double c : v)
      key = key * 256 + std::lround (c * 255.0);
    if (key < 1 || (size_t) key > p_->n_inks)
      throw std::runtime_error ("an RGB colour that is not one of the page's colours (key " + std::to_string (key)
                                + ")");
    const pb_pdfx_ink &ink = p_->inks[key - 1];
    // keep what stands before the operands (whitespace), drop the operands
    for (auto const &o : pending_) {
      if (o.getType () == QPDFTokenizer::tt_integer || o.getType () == QPDFTokenizer::tt_real)
        break;
      writeToken (o);
    }
    pending_.clear ();
    int want = ink.overprint ? 1 : 0;
    int &cur = stroke ? state_.stroke : state_.fill;
    if (cur != want) {
      cur = want;
      int fill = state_.fill < 0 ? 0 : state_.fill, strk = state_.stroke < 0 ? 0 : state_.stroke;
      state_.fill = fill;
      state_.stroke = strk;
      write (std::string (kOverprintNames[strk * 2 + fill]) + " gs ");
    }
    write (number (ink.ink[0]) + " " + number (ink.ink[1]) + " " + number (ink.ink[2]) + " "
           + number (ink.ink[3]) + (stroke ? " K" : " k"));
  }

  const pb_pdfx_params *p_;
  OverprintState state_;
  std::vector<OverprintState> stack_;
};

// Marks what a tagged page draws outside its structure as an artifact
// (ISO 32000-1 14.8.2.2: the masthead, folio and running head, rules,
// boxes and ads; ISO 14289-1 7.1: content is either tagged or an
// artifact).  cairo writes a structure element's marked content as
// `/Tag << /MCID n >> BDC … EMC` outside text and path objects; each run
// of graphics objects between them is wrapped in `/Artifact BMC … EMC`,
// opened at the first graphics object of the run (a text object, a path,
// an XObject, a shading or an inline image) and closed before the next
// marked-content sequence or at the end of the stream.
class ArtifactFilter : public OperatorFilter
{
public:
  void
  handleEOF () override
  {
    if (open_)
      write ("\nEMC\n");
    open_ = false;
    flush ();
  }

private:
  void
  op (QPDFTokenizer::Token const &t) override
  {
    mark (t.getValue ());
    pending_.push_back (t);
    flush ();
  }

  void
  mark (std::string const &w)
  {
    if (w == "BDC" || w == "BMC") {
      // a sequence inside a text object (cairo's /Span with /ActualText
      // for a cluster) nests in the artifact; one outside closes it
      if (depth_ == 0 && open_ && !in_text_) {
        if (in_path_)
          throw std::runtime_error ("a marked-content sequence that starts inside a path");
        write ("\nEMC\n");
        open_ = false;
      }
      depth_++;
    } else if (w == "EMC") {
      if (depth_ == 0)
        throw std::runtime_error ("an EMC without its BMC or BDC");
      depth_--;
    } else if (w == "BT" || w == "m" || w == "re" || w == "Do" || w == "sh" || w == "BI") {
      if (depth_ == 0 && !open_ && !in_text_ && !in_path_) {
        write ("\n/Artifact BMC\n");
        open_ = true;
      }
      if (w == "BT")
        in_text_ = true;
      else if (w == "m" || w == "re")
        in_path_ = true;
    } else if (w == "ET") {
      in_text_ = false;
    } else if (w == "S" || w == "s" || w == "f" || w == "F" || w == "f*" || w == "B" || w == "B*" || w == "b"
               || w == "b*" || w == "n") {
      in_path_ = false;
    }
  }

  int depth_ = 0;
  bool open_ = false, in_text_ = false, in_path_ = false;
};

// The overprint ExtGStates in a resource dictionary (pages and forms).
void
add_overprint_states (QPDF &pdf, QPDFObjectHandle resources, QPDFObjectHandle &states)
{
  if (!states.isInitialized ()) {
    states = QPDFObjectHandle::newDictionary ();
    for (int i = 0; i < 4; i++) {
      auto gs = QPDFObjectHandle::newDictionary ();
      gs.replaceKey ("/Type", QPDFObjectHandle::newName ("/ExtGState"));
      gs.replaceKey ("/OP", QPDFObjectHandle::newBool (i >= 2));
      gs.replaceKey ("/op", QPDFObjectHandle::newBool (i % 2 == 1));
      gs.replaceKey ("/OPM", QPDFObjectHandle::newInteger (1));
      states.replaceKey (kOverprintNames[i], pdf.makeIndirectObject (gs));
    }
  }
  QPDFObjectHandle ext = resources.getKey ("/ExtGState");
  if (!ext.isDictionary ()) {
    ext = QPDFObjectHandle::newDictionary ();
    resources.replaceKey ("/ExtGState", ext);
  }
  for (int i = 0; i < 4; i++)
    ext.replaceKey (kOverprintNames[i], states.getKey (kOverprintNames[i]));
}

bool
is_inverted_jpeg (const pb_pdfx_params *p, QPDFObjectHandle &image)
{
  QPDFObjectHandle filter = image.getDict ().getKey ("/Filter");
  if (!(filter.isName () && filter.getName () == "/DCTDecode"))
    return false;
  auto raw = image.getRawStreamData ();
  for (size_t i = 0; i < p->n_inverted; i++)
    if (raw->getSize () == p->inverted_len[i] && std::memcmp (raw->getBuffer (), p->inverted[i], raw->getSize ()) == 0)
      return true;
  return false;
}

// Images: DeviceCMYK or DeviceGray only, no soft mask, no interpolation
// (a press RIP is told nothing to smooth); Adobe's inverted CMYK JPEGs
// get their Decode array.
void
fix_image (const pb_pdfx_params *p, QPDFObjectHandle image)
{
  QPDFObjectHandle d = image.getDict ();
  QPDFObjectHandle cs = d.getKey ("/ColorSpace");
  if (!(cs.isName () && (cs.getName () == "/DeviceCMYK" || cs.getName () == "/DeviceGray")))
    throw std::runtime_error ("an image that is not CMYK or grey");
  if (d.hasKey ("/SMask") || d.hasKey ("/Mask"))
    throw std::runtime_error ("an image with a mask (transparency)");
  d.removeKey ("/Interpolate");
  if (cs.getName () == "/DeviceCMYK" && is_inverted_jpeg (p, image)) {
    std::vector<QPDFObjectHandle> dec;
    for (int i = 0; i < 4; i++) {
      dec.push_back (QPDFObjectHandle::newInteger (1));
      dec.push_back (QPDFObjectHandle::newInteger (0));
    }
    d.replaceKey ("/Decode", QPDFObjectHandle::newArray (dec));
  }
}

// Crop marks: 0.25 pt lines, 14 pt long, starting 3 pt beyond the bleed
// (ISO 12647-3 leaves marks to the plant; these are the common ones of
// commercial presses), so the MediaBox grows by 20 pt beyond the bleed.
const double kMarkGap = 3, kMarkLength = 14, kMarkRoom = 20;

QPDFObjectHandle::Rectangle
grown (QPDFObjectHandle::Rectangle r, double by)
{
  return QPDFObjectHandle::Rectangle (r.llx - by, r.lly - by, r.urx + by, r.ury + by);
}

void
add_crop_marks (QPDF &pdf, QPDFPageObjectHelper &page, QPDFObjectHandle::Rectangle t, double bleed)
{
  // cairo's content starts with a y flip that no q/Q encloses: the page
  // is wrapped in q … Q, then the marks are drawn in default space
  page.addPageContents (pdf.newStream (std::string ("q\n")), true);
  std::string m = "Q\nq /PBall CS 1 SCN 0.25 w 0 J\n";
  double o = bleed + kMarkGap, l = kMarkLength;
  const double xs[2] = {t.llx, t.urx}, ys[2] = {t.lly, t.ury};
  for (int i = 0; i < 2; i++)
    for (int k = 0; k < 2; k++) {
      double x = xs[i], y = ys[k], dx = i ? 1 : -1, dy = k ? 1 : -1;
      m += number (x + dx * o) + " " + number (y) + " m " + number (x + dx * (o + l)) + " " + number (y) + " l S\n";
      m += number (x) + " " + number (y + dy * o) + " m " + number (x) + " " + number (y + dy * (o + l)) + " l S\n";
    }
  m += "Q\n";
  page.addPageContents (pdf.newStream (m), false);
  // registration: all plates at once (ISO 32000-1 8.6.6.4, the /All separation)
  auto fn = QPDFObjectHandle::newDictionary ();
  fn.replaceKey ("/FunctionType", QPDFObjectHandle::newInteger (2));
  fn.replaceKey ("/Domain", QPDFObjectHandle::newArray ({QPDFObjectHandle::newInteger (0), QPDFObjectHandle::newInteger (1)}));
  std::vector<QPDFObjectHandle> c0, c1;
  for (int i = 0; i < 4; i++) {
    c0.push_back (QPDFObjectHandle::newInteger (0));
    c1.push_back (QPDFObjectHandle::newInteger (1));
  }
  fn.replaceKey ("/C0", QPDFObjectHandle::newArray (c0));
  fn.replaceKey ("/C1", QPDFObjectHandle::newArray (c1));
  fn.replaceKey ("/N", QPDFObjectHandle::newInteger (1));
  auto all = QPDFObjectHandle::newArray ({QPDFObjectHandle::newName ("/Separation"), QPDFObjectHandle::newName ("/All"),
                                          QPDFObjectHandle::newName ("/DeviceCMYK"), fn});
  QPDFObjectHandle res = page.getAttribute ("/Resources", true);
  QPDFObjectHandle cs = res.getKey ("/ColorSpace");
  if (!cs.isDictionary ()) {
    cs = QPDFObjectHandle::newDictionary ();
    res.replaceKey ("/ColorSpace", cs);
  }
  cs.replaceKey ("/PBall", all);
}

QPDFObjectHandle
output_intent (QPDF &pdf, const pb_pdfx_params *p)
{
  auto profile = pdf.newStream (std::string (reinterpret_cast<const char *> (p->icc), p->icc_len));
  profile.getDict ().replaceKey ("/N", QPDFObjectHandle::newInteger (4));
  auto oi = QPDFObjectHandle::newDictionary ();
  oi.replaceKey ("/Type", QPDFObjectHandle::newName ("/OutputIntent"));
  oi.replaceKey ("/S", QPDFObjectHandle::newName ("/GTS_PDFX"));
  oi.replaceKey ("/OutputConditionIdentifier", QPDFObjectHandle::newUnicodeString (p->condition));
  oi.replaceKey ("/OutputCondition", QPDFObjectHandle::newUnicodeString (p->condition));
  oi.replaceKey ("/Info", QPDFObjectHandle::newUnicodeString (p->info ? p->info : p->condition));
  if (p->registry)
    oi.replaceKey ("/RegistryName", QPDFObjectHandle::newUnicodeString (p->registry));
  oi.replaceKey ("/DestOutputProfile", profile);
  return pdf.makeIndirectObject (oi);
}

void
finish (QPDF &pdf, const pb_pdfx_params *p)
{
  QPDFObjectHandle root = pdf.getRoot ();
  for (const char *k : {"/StructTreeRoot", "/MarkInfo", "/Outlines", "/OpenAction", "/AA", "/Names", "/AcroForm"})
    root.removeKey (k);
  root.replaceKey ("/OutputIntents", QPDFObjectHandle::newArray ({output_intent (pdf, p)}));
  if (p->xmp) {
    auto meta = pdf.newStream (std::string (p->xmp));
    meta.getDict ().replaceKey ("/Type", QPDFObjectHandle::newName ("/Metadata"));
    meta.getDict ().replaceKey ("/Subtype", QPDFObjectHandle::newName ("/XML"));
    root.replaceKey ("/Metadata", meta);
  } else
    root.removeKey ("/Metadata");

  QPDFObjectHandle states;
  for (auto &page : QPDFPageDocumentHelper (pdf).getAllPages ()) {
    QPDFObjectHandle po = page.getObjectHandle ();
    for (const char *k : {"/Group", "/Annots", "/StructParents", "/Tabs", "/AA"})
      po.removeKey (k);
    QPDFObjectHandle box = page.getMediaBox (true);
    QPDFObjectHandle::Rectangle trim = box.getArrayAsRectangle ();
    po.replaceKey ("/TrimBox", QPDFObjectHandle::newArray (trim));
    po.replaceKey ("/BleedBox", QPDFObjectHandle::newArray (grown (trim, p->bleed)));
    po.replaceKey ("/MediaBox", QPDFObjectHandle::newArray (grown (trim, p->bleed + (p->marks ? kMarkRoom : 0))));
    if (p->marks)
      add_crop_marks (pdf, page, trim, p->bleed);
    QPDFObjectHandle res = page.getAttribute ("/Resources", true);
    if (!res.isDictionary ()) {
      res = QPDFObjectHandle::newDictionary ();
      po.replaceKey ("/Resources", res);
    }
    add_overprint_states (pdf, res, states);
    page.addContentTokenFilter (std::make_shared<InkFilter> (p, false));
  }
  for (auto &o : pdf.getAllObjects ()) {
    if (!o.isStream ())
      continue;
    QPDFObjectHandle d = o.getDict ();
    QPDFObjectHandle sub = d.getKey ("/Subtype");
    if (!sub.isName ())
      continue;
    if (sub.getName () == "/Image")
      fix_image (p, o);
    else if (sub.getName () == "/Form") {
      d.removeKey ("/Group");
      QPDFObjectHandle res = d.getKey ("/Resources");
      if (!res.isDictionary ()) {
        res = QPDFObjectHandle::newDictionary ();
        d.replaceKey ("/Resources", res);
      }
      add_overprint_states (pdf, res, states);
      o.addTokenFilter (std::make_shared<InkFilter> (p, true));
    }
  }
  // the ExtGStates cairo writes carry only CA/ca = 1 (no transparency is
  // drawn); any other alpha, a soft mask or a blend mode is refused
  std::vector<QPDFObjectHandle> resources;
  for (auto &page : QPDFPageDocumentHelper (pdf).getAllPages ())
    resources.push_back (page.getAttribute ("/Resources", false));
  for (auto &o : pdf.getAllObjects ())
    if (o.isStream () && o.getDict ().getKey ("/Subtype").isNameAndEquals ("/Form"))
      resources.push_back (o.getDict ().getKey ("/Resources"));
  for (auto &res : resources) {
    QPDFObjectHandle ext = res.isDictionary () ? res.getKey ("/ExtGState") : QPDFObjectHandle::newNull ();
    if (!ext.isDictionary ())
      continue;
    for (auto &entry : ext.getDictAsMap ()) {
      QPDFObjectHandle gs = entry.second;
      if (!gs.isDictionary ())
        continue;
      for (const char *k : {"/CA", "/ca"})
        if (gs.hasKey (k) && gs.getKey (k).isNumber () && gs.getKey (k).getNumericValue () < 1.0)
          throw std::runtime_error ("transparency (an alpha below 1) in a page");
      if (gs.hasKey ("/SMask") && !gs.getKey ("/SMask").isNameAndEquals ("/None"))
        throw std::runtime_error ("a soft mask in a page");
      // opaque as they are: the PDF 1.4 keys go (a PDF 1.3 file has none)
      for (const char *k : {"/CA", "/ca", "/SMask", "/BM", "/AIS", "/TK"})
        gs.removeKey (k);
      if (gs.hasKey ("/BM") && !gs.getKey ("/BM").isNameAndEquals ("/Normal")
          && !gs.getKey ("/BM").isNameAndEquals ("/Compatible"))
        throw std::runtime_error ("a blend mode in a page");
    }
  }

  QPDFObjectHandle trailer = pdf.getTrailer ();
  QPDFObjectHandle info = QPDFObjectHandle::newDictionary ();
  info.replaceKey ("/Title", QPDFObjectHandle::newUnicodeString (p->title));
  info.replaceKey ("/Creator", QPDFObjectHandle::newString ("paiban"));
  info.replaceKey ("/Producer", QPDFObjectHandle::newString ("paiban (cairo, qpdf)"));
  info.replaceKey ("/CreationDate", QPDFObjectHandle::newString (p->date));
  info.replaceKey ("/ModDate", QPDFObjectHandle::newString (p->date));
  info.replaceKey ("/Trapped", QPDFObjectHandle::newName ("/False"));
  if (p->standard == 4)
    info.replaceKey ("/GTS_PDFXVersion", QPDFObjectHandle::newString ("PDF/X-4"));
  else {
    info.replaceKey ("/GTS_PDFXVersion", QPDFObjectHandle::newString ("PDF/X-1:2001"));
    info.replaceKey ("/GTS_PDFXConformance", QPDFObjectHandle::newString ("PDF/X-1a:2001"));
  }
  trailer.replaceKey ("/Info", pdf.makeIndirectObject (info));
}

/* qpdf reading pdf from memory, its messages kept out of the terminal
 * (what matters is checked after writing). */
void
open_quiet (QPDF &pdf, const char *name, const unsigned char *in, size_t len)
{
  auto logger = QPDFLogger::create ();
  logger->setOutputStreams (nullptr, nullptr);
  logger->setInfo (logger->discard ());
  logger->setWarn (logger->discard ());
  logger->setError (logger->discard ());
  pdf.setLogger (logger);
  pdf.setSuppressWarnings (true);
  pdf.processMemoryFile (name, reinterpret_cast<const char *> (in), len);
}

/* Writes pdf into *out (malloc'd); a warning qpdf had other than cairo's
 * duplicated resource name (a photo drawn twice on a page is named twice
 * in the page's resources, the same object: qpdf keeps one, which is all
 * there is) means the PDF was damaged and is an error. */
bool
write_out (QPDF &pdf, QPDFWriter &w, unsigned char **out, size_t *out_len, char *err, size_t cap)
{
  w.write ();
  for (auto const &warning : pdf.getWarnings ())
    if (std::string (warning.what ()).find ("dictionary has duplicated key") == std::string::npos)
      throw std::runtime_error (std::string ("qpdf found the PDF damaged: ") + warning.what ());
  Buffer *b = w.getBuffer ();
  *out = static_cast<unsigned char *> (std::malloc (b->getSize () ? b->getSize () : 1));
  if (!*out) {
    delete b;
    std::snprintf (err, cap, "out of memory");
    return false;
  }
  std::memcpy (*out, b->getBuffer (), b->getSize ());
  *out_len = b->getSize ();
  delete b;
  return true;
}

/* The content streams qpdf filters are compressed again at zlib's fastest
 * level (a third of qpdf's time, 1 % larger files).  It is one setting
 * for the process, made once, before either writer runs: the same level
 * for every file, so the same inputs give the same bytes whichever PDFs
 * a run makes first. */
void
fast_flate ()
{
  static std::once_flag level_once;
  std::call_once (level_once, [] { Pl_Flate::setCompressionLevel (1); });
}

/* Runs step, reporting its exceptions in err. */
template <typename F>
bool
guarded (F step, char *err, size_t cap)
{
  try {
    return step ();
  } catch (std::bad_alloc const &) {
    std::snprintf (err, cap, "out of memory");
  } catch (std::exception const &e) {
    std::snprintf (err, cap, "%s", e.what ());
  } catch (...) {
    std::snprintf (err, cap, "qpdf failed");
  }
  return false;
}

/* The structure elements under k in document order (depth first). */
void
walk_structure (QPDFObjectHandle k, std::vector<QPDFObjectHandle> &out, int depth = 0)
{
  if (depth > 64) // a structure cairo writes is a few levels deep
    return;
  if (k.isArray ()) {
    for (int i = 0; i < k.getArrayNItems (); i++)
      walk_structure (k.getArrayItem (i), out, depth + 1);
  } else if (k.isDictionary () && k.getKey ("/S").isName ()) {
    out.push_back (k);
    walk_structure (k.getKey ("/K"), out, depth + 1);
  }
}

} // namespace

extern "C" bool
pb_pdfx_finish (const unsigned char *in, size_t len, const pb_pdfx_params *p, unsigned char **out,
                size_t *out_len, char *err, size_t cap)
{
  *out = nullptr;
  *out_len = 0;
  return guarded ([&] {
    QPDF pdf;
    open_quiet (pdf, "press.pdf", in, len);
    finish (pdf, p);
    fast_flate ();
    QPDFWriter w (pdf);
    w.setOutputMemory ();
    w.setDeterministicID (true);
    w.setObjectStreamMode (qpdf_o_disable);
    w.setCompressStreams (true);
    w.setDecodeLevel (qpdf_dl_none); // fonts and images as cairo compressed them
    w.forcePDFVersion (p->standard == 4 ? "1.6" : "1.3");
    return write_out (pdf, w, out, out_len, err, cap);
  }, err, cap);
}

extern "C" bool
pb_pdf_tagged (const unsigned char *in, size_t len, const pb_pdf_tagging *t, unsigned char **out, size_t *out_len,
               char *err, size_t cap)
{
  *out = nullptr;
  *out_len = 0;
  return guarded ([&] {
    QPDF pdf;
    open_quiet (pdf, "paiban.pdf", in, len);
    QPDFObjectHandle root = pdf.getRoot ();
    // ISO 32000-1 14.7.1 (a tagged PDF), 14.9.2.1 (its language)
    root.replaceKey ("/MarkInfo", QPDFObjectHandle::parse ("<< /Marked true >>"));
    if (t->lang)
      root.replaceKey ("/Lang", QPDFObjectHandle::newUnicodeString (t->lang));
    QPDFObjectHandle vp = root.getKey ("/ViewerPreferences");
    if (!vp.isDictionary ()) {
      vp = QPDFObjectHandle::newDictionary ();
      root.replaceKey ("/ViewerPreferences", vp);
    }
    vp.replaceKey ("/DisplayDocTitle", QPDFObjectHandle::newBool (true));
    std::vector<QPDFObjectHandle> elems;
    walk_structure (root.getKey ("/StructTreeRoot").getKey ("/K"), elems);
    size_t arts = 0, figures = 0;
    for (auto &e : elems) {
      std::string type = e.getKey ("/S").getName ();
      if (type == "/Art") {
        if (arts < t->n_arts && t->art_lang[arts])
          e.replaceKey ("/Lang", QPDFObjectHandle::newUnicodeString (t->art_lang[arts]));
        arts++;
      } else if (type == "/Figure") {
        if (figures < t->n_figures && t->figure_alt[figures])
          e.replaceKey ("/Alt", QPDFObjectHandle::newUnicodeString (t->figure_alt[figures]));
        figures++;
      }
    }
    if (arts != t->n_arts || figures != t->n_figures)
      throw std::runtime_error ("the PDF's structure has " + std::to_string (arts) + " articles and " +
                                std::to_string (figures) + " figures where the pages have " +
                                std::to_string (t->n_arts) + " and " + std::to_string (t->n_figures));
    // everything drawn outside the structure is an artifact
    for (auto &page : QPDFPageDocumentHelper (pdf).getAllPages ())
      page.addContentTokenFilter (std::make_shared<ArtifactFilter> ());
    fast_flate ();
    QPDFWriter w (pdf);
    w.setOutputMemory ();
    w.setDeterministicID (true);
    // the structure's many small dictionaries in compressed object
    // streams; every stream as cairo compressed it
    w.setObjectStreamMode (qpdf_o_generate);
    w.setDecodeLevel (qpdf_dl_none);
    w.setCompressStreams (true);
    return write_out (pdf, w, out, out_len, err, cap);
  }, err, cap);
}
