"""page.py - the parts of tests/browser/html_test.sh that read files.

  page.py csp PAGE             the page's one Content-Security-Policy meta,
                               in <head>, with exactly the report's policy
  page.py split PAGE DIR       each <figure class="cs-figure"> of PAGE as its
                               own page DIR/fig-N.html (PAGE's head, laid out
                               so the SVG sits at the top left, caption
                               hidden); one line per figure on stdout:
                               ID<TAB>FILE<TAB>WIDTH<TAB>HEIGHT<TAB>PROBLEM
                               (PROBLEM "-" when the figure keeps the contract)
  page.py count PAGE           how many cs-figure figures PAGE (or a DOM that
                               chromium dumped) holds
  page.py ink PNG WIDTH HEIGHT the share of the top-left WIDTH x HEIGHT box
                               of a screenshot that differs from its
                               background; exit 1 when under 1 %

Run by Debian's /usr/bin/python3 (PIL from python3-pil, the `browser` set
of tools/install-deps.sh).  Messages go to stdout, one line each.
"""
import html.parser
import os
import re
import sys

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
MIN_INK = 0.01  # share of the SVG's box that must differ from its background

FIGURE_RE = re.compile(r'<figure\b[^>]*\bclass\s*=\s*"cs-figure"[^>]*>.*?</figure\s*>', re.S | re.I)
DRAWING_RE = re.compile(r"<(path|line|polyline|polygon|rect|circle|ellipse|text|g|use|image)\b", re.I)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def figures(text):
    """The cs-figure figures of a page's text, comments left out."""
    return FIGURE_RE.findall(re.sub(r"<!--.*?-->", "", text, flags=re.S))


class Metas(html.parser.HTMLParser):
    """The CSP metas of a page and whether each is inside <head>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_head = False
        self.found = []  # (content, in_head, line)

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "meta":
            a = {k.lower(): (v or "") for k, v in attrs}
            if a.get("http-equiv", "").lower() == "content-security-policy":
                self.found.append((a.get("content"), self.in_head, self.getpos()[0]))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def cmd_csp(page):
    p = Metas()
    p.feed(read(page))
    if len(p.found) != 1:
        print(f"{len(p.found)} Content-Security-Policy metas (want exactly 1)")
        return 1
    content, in_head, line = p.found[0]
    bad = 0
    if content != POLICY:
        print(f"line {line}: policy {content!r}, want {POLICY!r}")
        bad = 1
    if not in_head:
        print(f"line {line}: the CSP meta is outside <head> (the browser ignores it there)")
        bad = 1
    return bad


def svg_size(svg_tag):
    """WIDTH, HEIGHT of an <svg> start tag in CSS pixels (viewBox when the
    attributes are not plain numbers); 0, 0 when neither says."""
    def attr(name):
        m = re.search(r'\b' + name + r'\s*=\s*"([^"]*)"', svg_tag)
        return m.group(1).strip() if m else ""
    w, h = attr("width"), attr("height")
    num = re.compile(r"^([0-9]+(?:\.[0-9]*)?)(px)?$")
    if num.match(w) and num.match(h):
        return round(float(num.match(w).group(1))), round(float(num.match(h).group(1)))
    vb = attr("viewBox").replace(",", " ").split()
    if len(vb) == 4:
        try:
            return round(float(vb[2])), round(float(vb[3]))
        except ValueError:
            pass
    return 0, 0


def figure_problem(fig, want_id):
    """What breaks the contract in one figure's text, or "-"."""
    problems = []
    m = re.match(r'<figure\b[^>]*\bid\s*=\s*"([^"]*)"', fig, re.I)
    got = m.group(1) if m else "missing"
    if got != want_id:
        problems.append(f"id {got}, want {want_id}")
    svgs = re.findall(r"<svg\b.*?</svg\s*>", fig, re.S | re.I)
    if len(re.findall(r"<svg\b", fig, re.I)) != 1 or len(svgs) != 1:
        problems.append(f"{len(re.findall(r'<svg', fig, re.I))} <svg> elements (want 1)")
    elif not DRAWING_RE.search(svgs[0][4:]):
        problems.append("the SVG draws nothing (no shape, text or group)")
    cap = re.search(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", fig, re.S | re.I)
    if not cap or not re.sub(r"<[^>]*>", "", cap.group(1)).strip():
        problems.append("no caption")
    if re.search(r"<(script|iframe|object|embed)\b", fig, re.I):
        problems.append("active content in the figure")
    return "; ".join(problems) or "-"


# after the page's own styles: body and figure without margins, the SVG a
# block at the top left, the caption out of the picture
LAYOUT = ("<style>html,body{margin:0!important;padding:0!important;border:0!important}"
          "figure.cs-figure{margin:0!important;padding:0!important;border:0!important}"
          "figure.cs-figure>svg{display:block!important;margin:0!important}"
          "figcaption{display:none!important}</style>\n")


def cmd_split(page, outdir):
    text = read(page)
    m = re.search(r"<head\b[^>]*>(.*?)</head\s*>", text, re.S | re.I)
    head = m.group(1) if m else ""
    for n, fig in enumerate(figures(text), 1):
        want_id = f"fig-{n}"
        svg = re.search(r"<svg\b[^>]*>", fig, re.I)
        w, h = svg_size(svg.group(0)) if svg else (0, 0)
        out = os.path.join(outdir, f"{want_id}.html")
        with open(out, "w", encoding="utf-8") as f:
            f.write(f'<!DOCTYPE html>\n<html lang="en">\n<head>{head}{LAYOUT}</head>\n<body>\n{fig}\n</body>\n</html>\n')
        print(f"{want_id}\t{out}\t{w}\t{h}\t{figure_problem(fig, want_id)}")
    return 0


def cmd_count(page):
    print(len(figures(read(page))))
    return 0


def cmd_ink(png, width, height):
    from PIL import Image
    im = Image.open(png).convert("RGB")
    w, h = int(width), int(height)
    if w <= 0 or h <= 0:  # no size known: the whole screenshot
        w, h = im.size
    box = im.crop((0, 0, min(w, im.size[0]), min(h, im.size[1])))
    colours = box.getcolors(maxcolors=1 << 24)
    bg = max(colours)[1]
    total = box.size[0] * box.size[1]
    # a pixel is ink when any channel is off the background by more than 8
    ink = sum(c for c, rgb in colours if max(abs(a - b) for a, b in zip(rgb, bg)) > 8)
    share = ink / total if total else 0.0
    print(f"{box.size[0]}x{box.size[1]} px, background #{bg[0]:02x}{bg[1]:02x}{bg[2]:02x}, "
          f"{share * 100:.2f} % ink, {len(colours)} colours")
    return 0 if share > MIN_INK else 1


def main(argv):
    cmds = {"csp": (cmd_csp, 1), "split": (cmd_split, 2), "count": (cmd_count, 1), "ink": (cmd_ink, 3)}
    if len(argv) < 2 or argv[1] not in cmds or len(argv) - 2 != cmds[argv[1]][1]:
        print("usage: page.py csp PAGE | split PAGE DIR | count PAGE | ink PNG WIDTH HEIGHT")
        return 2
    fn, _ = cmds[argv[1]]
    try:
        return fn(*argv[2:])
    except (OSError, UnicodeDecodeError, ValueError) as e:
        print(f"{argv[1]}: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
